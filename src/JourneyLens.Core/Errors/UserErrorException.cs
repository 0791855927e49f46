namespace JourneyLens.Core.Errors;

/// <summary>
/// The user's mistake, not the product's: bad input, a question that cannot be answered as asked, a bad parameter.
/// Every front end shows the message and never a stack trace (the CLI exits with 1 or 2, HTTP answers 400).
/// </summary>
public abstract class UserErrorException(string message) : Exception(message);
