using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Tests.Retrieval;

/// <summary>A small hand-made corpus for retrieval tests.</summary>
public static class Corpus
{
    public static readonly IReadOnlyList<Document> Documents =
    [
        new("navy", "Navy", "Ships were sent by the Secretary of the Navy to the coast of Africa to suppress the slave trade."),
        new("revenue", "Revenue", "The revenue from customs duties rose to four million dollars collected at the ports."),
        new("indians", "Indian affairs", "Treaties were made with several tribes and lands west of the Mississippi were set apart for them."),
        new("mail", "Post office", "The post office carried the mail over new roads, and postage receipts covered its expenses."),
        new("army", "Army", "The army was reduced in peace, and its forts on the frontier were kept in repair."),
    ];
}
