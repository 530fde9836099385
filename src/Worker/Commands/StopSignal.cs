using System.Runtime.InteropServices;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// Notes which stop signal (SIGINT or SIGTERM) reached the process, for the conventional exit code (130 or 143).
/// The stop itself arrives as the command's cancellation token; this only remembers which signal sent it.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private int received;

    public StopSignal()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Interlocked.CompareExchange(ref received, 130, 0));
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Interlocked.CompareExchange(ref received, 143, 0));
    }

    /// <summary>130 after SIGINT (Ctrl-C), 143 after SIGTERM, 130 when stopped some other way; 0 when no signal came.</summary>
    public int ExitCode(bool stopped) => Volatile.Read(ref received) is var code and not 0 ? code : stopped ? 130 : 0;

    /// <summary>The signal that arrived, for messages: SIGINT, SIGTERM, or "a stop request".</summary>
    public string Name => Volatile.Read(ref received) switch { 130 => "SIGINT", 143 => "SIGTERM", _ => "a stop request" };

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
    }
}
