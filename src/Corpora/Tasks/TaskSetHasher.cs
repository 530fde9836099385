using System.Security.Cryptography;
using System.Text;

namespace LoftCompare.Corpora.Tasks;

/// <summary>Computes a task set's content hash over a length-prefixed canonical encoding, so no two sets collide by concatenation.</summary>
public static class TaskSetHasher
{
    public static string Hash(TaskKind kind, IReadOnlyList<Document> corpus, IReadOnlyList<Query> queries, IReadOnlyList<Query> fewShot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        void AddQueries(string section, IReadOnlyList<Query> list)
        {
            Add(section);
            foreach (var query in list)
            {
                Add(query.Id);
                Add(query.Text);
                Add(string.Join('\u001f', query.Answers));
                Add(string.Join('\u001f', query.GoldDocIds));

                // Added only when present, so sets without them keep the hashes recorded before these fields existed.
                if (query.Relevance.Count > 0)
                {
                    Add("relevance");
                    Add(string.Join('\u001f', query.Relevance.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}")));
                }

                if (query.Rows.Count > 0 || query.GoldSql is not null)
                {
                    Add("rows");
                    Add(string.Join('\u001e', query.Rows.Select(r => string.Join('\u001f', r))));
                    Add(query.GoldSql ?? string.Empty);
                }

                if (query.CandidateIds.Count > 0)
                {
                    Add("candidates");
                    Add(string.Join('\u001f', query.CandidateIds));
                }

                if (query.ContextIds.Count > 0)
                {
                    Add("context");
                    Add(string.Join('\u001f', query.ContextIds));
                }
            }
        }

        Add(kind.Name);
        Add("corpus");
        foreach (var document in corpus)
        {
            Add(document.Id);
            Add(document.Title);
            Add(document.Text);
        }

        AddQueries("queries", queries);
        AddQueries("few_shot", fewShot);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
