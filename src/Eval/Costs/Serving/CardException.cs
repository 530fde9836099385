namespace LoftCompare.Eval.Costs.Serving;

/// <summary>A model or GPU card is missing, unreadable or invalid; the message names the card (and its file) and what is wrong.</summary>
public sealed class CardException(string message, Exception? inner = null) : ArgumentException(message, inner);
