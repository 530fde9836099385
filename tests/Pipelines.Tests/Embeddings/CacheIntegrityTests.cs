using Microsoft.Data.Sqlite;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Tests.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Pipelines.Tests.Embeddings;

/// <summary>Damaged caches are repaired, never served (docs/reliability.md).</summary>
public sealed class CacheIntegrityTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>, IDisposable
{
    private readonly TempDirectory data = new();

    private string EmbeddingsPath => Path.Combine(data.Path, "embeddings.db");

    [Fact]
    public async Task Flipped_bytes_in_a_cached_vector_are_detected_and_the_vector_recomputed()
    {
        string[] texts = ["The harvest was abundant.", "Ships sailed to Africa."];
        var fresh = await new SqliteEmbeddingCache(fixture.Generator, EmbeddingsPath, "m").GenerateAsync(texts);
        await using (var connection = new SqliteConnection($"Data Source={EmbeddingsPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var corrupt = connection.CreateCommand();
            // Overwrite 60 bytes in the middle of every stored vector (same length, so only the checksum can tell).
            corrupt.CommandText = "UPDATE vectors SET vector = CAST(substr(vector, 1, 100) || randomblob(60) || substr(vector, 161) AS BLOB)";
            Assert.Equal(2, await corrupt.ExecuteNonQueryAsync());
        }

        var log = new ListLogger();
        var counter = new CountingEmbeddingGenerator(fixture.Generator);
        var cache = new SqliteEmbeddingCache(counter, EmbeddingsPath, "m", log);
        var repaired = await cache.GenerateAsync(texts);
        var again = await new SqliteEmbeddingCache(new CountingEmbeddingGenerator(fixture.Generator), EmbeddingsPath, "m").GenerateAsync(texts);

        Assert.Equal((2, 2, 0), (cache.Repaired, counter.TextsEmbedded, cache.Hits));
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(fresh[i].Vector.ToArray(), repaired[i].Vector.ToArray()));
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(fresh[i].Vector.ToArray(), again[i].Vector.ToArray()));
        Assert.Contains(log.Lines, l => l.Contains("2 entries failed their checksum", StringComparison.Ordinal) && l.Contains(EmbeddingsPath, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public async Task A_cache_file_that_is_not_a_sound_database_is_moved_aside_and_rebuilt(string damage)
    {
        string[] texts = ["The harvest was abundant."];
        var fresh = await new SqliteEmbeddingCache(fixture.Generator, EmbeddingsPath, "m").GenerateAsync(texts);
        if (damage == "garbage")
        {
            await File.WriteAllBytesAsync(EmbeddingsPath, Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToArray());
        }
        else
        {
            var bytes = await File.ReadAllBytesAsync(EmbeddingsPath);
            await File.WriteAllBytesAsync(EmbeddingsPath, bytes[..(bytes.Length / 2 + 100)]);
        }

        File.Delete(EmbeddingsPath + "-wal");
        var log = new ListLogger();
        var rebuilt = await new SqliteEmbeddingCache(fixture.Generator, EmbeddingsPath, "m", log).GenerateAsync(texts);

        Assert.Equal(fresh[0].Vector.ToArray(), rebuilt[0].Vector.ToArray());
        Assert.Single(Directory.GetFiles(data.Path, "embeddings.db.corrupt-*"), f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal));
        var line = Assert.Single(log.Lines);
        Assert.Contains("moved it aside", line);
    }

    [Fact]
    public async Task A_cached_reply_that_fails_its_checksum_is_asked_of_the_model_again()
    {
        var path = Path.Combine(data.Path, "responses.db");
        var model = new CountingChatClient("Final Answer: ['Congress']");
        var first = await new SqliteResponseCache(model, path, "m").GetResponseAsync("q");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE replies SET output = 'Final Answer: [''Senate'']'";
            await tamper.ExecuteNonQueryAsync();
        }

        var cache = new SqliteResponseCache(model, path, "m");
        var second = await cache.GetResponseAsync("q");

        Assert.Equal(first.Text, second.Text);
        Assert.Equal((2, 1), (model.Calls, cache.Repaired));
    }

    [Fact]
    public async Task A_stream_cut_before_its_finish_reason_is_not_stored_in_the_response_cache()
    {
        var path = Path.Combine(data.Path, "responses.db");
        var model = new CountingChatClient("Final Answer: ['Cong", finish: false);

        await new SqliteResponseCache(model, path, "m").GetStreamingResponseAsync("q").ToListAsync();
        await new SqliteResponseCache(model, path, "m").GetStreamingResponseAsync("q").ToListAsync();

        Assert.Equal(2, model.Calls); // nothing cut was replayed
    }

    [SkippableFact]
    public async Task A_full_data_disk_is_said_once_naming_the_cache_file_and_the_run_goes_on_uncached()
    {
        using var disk = FullDisk.Mount();
        var path = Path.Combine(disk.Path, "embeddings.db");
        var log = new ListLogger();
        var counter = new CountingEmbeddingGenerator(fixture.Generator);
        var cache = new SqliteEmbeddingCache(counter, path, "m", log);
        await cache.GenerateAsync(["Written while there was room."]);
        disk.Fill();
        var texts = Enumerable.Range(0, 300).Select(i => $"Sentence {i} of a corpus embedded onto a full disk.").ToArray();

        var embedded = await cache.GenerateAsync(texts);
        var again = await cache.GenerateAsync(texts);

        var fresh = await fixture.Generator.GenerateAsync(texts);
        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.Equal(fresh[i].Vector.ToArray(), embedded[i].Vector.ToArray()));
        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.Equal(fresh[i].Vector.ToArray(), again[i].Vector.ToArray()));
        Assert.Equal(1 + (2 * texts.Length), counter.TextsEmbedded); // nothing could be kept, so the second call embeds again
        var said = Assert.Single(log.Lines, l => l.Contains("cannot be written", StringComparison.Ordinal));
        Assert.Contains(path, said, StringComparison.Ordinal);
        Assert.Contains("going on without caching", said, StringComparison.Ordinal);

        // A cache that cannot even be created on the full disk is refused naming its file, in one sentence.
        var refused = Assert.Throws<IOException>(() => new SqliteResponseCache(new CountingChatClient("x"), Path.Combine(disk.Path, "responses.db"), "m"));
        Assert.Contains(Path.Combine(disk.Path, "responses.db"), refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => data.Dispose();

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }

    private sealed class CountingChatClient(string text, bool finish = true) : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Calls++;
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text) { FinishReason = finish ? ChatFinishReason.Stop : null };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
