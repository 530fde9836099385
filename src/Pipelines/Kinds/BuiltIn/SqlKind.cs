using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>LOFT SQL: answer over tables. RAG retrieves tables and runs the reader's SQL; the extractive reader cannot write SQL (n/a).</summary>
public static class SqlKind
{
    public static TaskKindProfile Profile { get; } = new(
        TaskKind.Sql,
        new LoftKindPrompt(
            "You are given a list of tables. Remember every row of each table. Then you are given a query; get the answer from the tables and write it as a list of lists, using the exact values that appear in the tables.",
            "End with the rows in this format:\nFinal Answer: [[\"value\", 1], [\"other value\", 2]]",
            "Given a query, find from the following tables all the information relevant to the query. Then answer the query. Then format the answer into a list of lists.",
            example => LoftPromptFormat.FormatRows(example.Rows))
        {
            Layout = LoftLayout.Tables,
        })
    {
        Rag = RagStep.QueryTables,
    };
}
