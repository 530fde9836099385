namespace LoftCompare.Corpora.Shipped.Ruler;

/// <summary>
/// Words for keys and word lists: RULER draws adjective-noun keys and common/uncommon words from English word lists;
/// ours come from WordNet (Debian <c>wordnet-base</c>, <c>/usr/share/wordnet/index.{adj,noun,verb}</c>), keeping
/// lower-case single words of 3–10 letters that occur in WordNet's sense-tagged corpus (so they are common words).
/// </summary>
public sealed record RulerVocabulary(IReadOnlyList<string> Adjectives, IReadOnlyList<string> Nouns, IReadOnlyList<string> Verbs)
{
    public const string DefaultWordNetFolder = "/usr/share/wordnet";

    public static async Task<RulerVocabulary> LoadWordNetAsync(string folder, CancellationToken cancellationToken = default)
    {
        async Task<IReadOnlyList<string>> Read(string pos)
        {
            var path = Path.Combine(folder, $"index.{pos}");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"WordNet index '{path}' is missing; install Debian's wordnet-base or pass --wordnet DIR.");
            }

            var words = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
            {
                // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
                if (line.StartsWith(' ') || line.Length == 0)
                {
                    continue; // the licence header
                }

                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 6 || !int.TryParse(fields[3], out var pointers) || fields.Length <= 5 + pointers || !int.TryParse(fields[5 + pointers], out var tagged))
                {
                    continue;
                }

                var lemma = fields[0];
                if (tagged > 0 && lemma.Length is >= 3 and <= 10 && lemma.All(char.IsAsciiLetterLower))
                {
                    words.Add(lemma);
                }
            }

            return words.ToList();
        }

        return new RulerVocabulary(await Read("adj"), await Read("noun"), await Read("verb"));
    }

    /// <summary>All distinct words, sorted (RULER's common-words pool is nouns + adjectives + verbs).</summary>
    public IReadOnlyList<string> AllWords() => Adjectives.Concat(Nouns).Concat(Verbs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
