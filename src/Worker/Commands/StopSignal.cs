using System.Runtime.InteropServices;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM for a command that stops gracefully: once <see cref="Arm"/>ed, the first signal cancels
/// the token it returned (examples in flight finish and are recorded) and is remembered for the exit code, 130 or 143;
/// a second signal ends the process at once. Unarmed, signals keep their default effect.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private int received;
    private volatile bool armed;

    public StopSignal()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, 130));
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, 143));
    }

    /// <summary>The signal that arrived, for messages: SIGINT, SIGTERM, or "a stop request".</summary>
    public string Name => Volatile.Read(ref received) switch { 130 => "SIGINT", 143 => "SIGTERM", _ => "a stop request" };

    /// <summary>From now on a signal asks the command to stop through the returned token instead of ending the process.</summary>
    public CancellationToken Arm()
    {
        armed = true;
        return stop.Token;
    }

    /// <summary>130 after SIGINT, 143 after SIGTERM, 130 when stopped some other way.</summary>
    public int ExitCode => Volatile.Read(ref received) is var code and not 0 ? code : 130;

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (!armed || Interlocked.CompareExchange(ref received, exitCode, 0) != 0)
        {
            return; // not armed, or the second signal: the default (end the process) applies
        }

        context.Cancel = true;
        Console.Error.WriteLine($"Stopping after the examples in flight ({context.Signal}); send it again to quit at once.");
        stop.Cancel();
    }
}
