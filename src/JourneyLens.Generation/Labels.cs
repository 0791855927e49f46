namespace JourneyLens.Generation;

/// <summary>The channels and touchpoints every scenario shares.</summary>
internal static class Labels
{
    public static readonly Label Web = new("web");
    public static readonly Label App = new("app");
    public static readonly Label Email = new("email");
    public static readonly Label Phone = new("phone");
    public static readonly Label Chat = new("chat");
    public static readonly Label Store = new("store");
    public static readonly Label Social = new("social");
    public static readonly Label Search = new("search");
    public static readonly Label Review = new("review site");
    public static readonly Label SurveyAnswered = new("Survey answered");
}
