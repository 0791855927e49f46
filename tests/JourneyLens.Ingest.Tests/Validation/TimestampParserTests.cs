using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Ingest.Tests.Validation;

public class TimestampParserTests
{
    private static readonly TimestampParser Parser = new(null, null);

    /// <summary>Random instants and offsets written in ISO-8601 with the variants real logs use.</summary>
    private static Gen<string> IsoTexts =>
        from ms in Gen.Choose(0, int.MaxValue).Select(x => x * 1000L + 123)
        from offsetQuarters in Gen.Choose(-48, 56)
        from style in Gen.Choose(0, 4)
        select Format(DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(offsetQuarters * 15)), style);

    private static string Format(DateTimeOffset t, int style) => style switch
    {
        0 => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        1 => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        2 => t.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        3 => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fzzz", CultureInfo.InvariantCulture),
    };

    [Fact]
    public void The_fast_path_agrees_with_DateTimeOffset_Parse()
    {
        Prop.ForAll(IsoTexts.ToArbitrary(), text =>
        {
            var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
            return Parser.TryParse(text, out var ms, out var offset) == TimestampStatus.Ok
                && ms == expected.ToUnixTimeMilliseconds() && offset == (int)expected.Offset.TotalMinutes;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("2011-10-11 13:45:40.276000+02:00", 1318333540276)]
    [InlineData("2014-10-22T11:15:41Z", 1413976541000)]
    [InlineData("1318333540", 1318333540000)]
    [InlineData("1318333540276", 1318333540276)]
    public void Real_log_formats_and_unix_times_parse(string text, long expected)
    {
        Parser.TryParse(text, out var ms).ShouldBe(TimestampStatus.Ok);
        ms.ShouldBe(expected);
    }

    [Fact]
    public void A_naive_time_needs_a_zone_and_then_uses_it()
    {
        Parser.TryParse("2024/03/01 10:00:00.000", out _).ShouldBe(TimestampStatus.NoOffset);
        var amsterdam = new TimestampParser(null, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        amsterdam.TryParse("2024/03/01 10:00:00.000", out var ms).ShouldBe(TimestampStatus.Ok);
        ms.ShouldBe(new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_custom_format_is_honoured()
    {
        var parser = new TimestampParser("dd-MM-yyyy HH:mm", TimeZoneInfo.Utc);
        parser.TryParse("31-12-2023 23:59", out var ms).ShouldBe(TimestampStatus.Ok);
        ms.ShouldBe(new DateTimeOffset(2023, 12, 31, 23, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-45T10:00:00Z")]
    [InlineData("12:00")]
    public void Garbage_is_unparseable(string text) => Parser.TryParse(text, out _).ShouldBe(TimestampStatus.Unparseable);

    [Theory]
    [InlineData("86400000")] // a day as a millisecond offset: 1972 read as seconds
    [InlineData("123456")]
    [InlineData("4102444800")] // 2100-01-01 in seconds
    public void A_number_that_would_be_a_time_outside_1990_to_2100_is_not_read_without_its_unit(string text)
    {
        Parser.TryParse(text, out _).ShouldBe(TimestampStatus.ImplausibleNumber);
    }

    [Theory]
    [InlineData(TimestampUnit.Milliseconds, "86400000", 86_400_000L)]
    [InlineData(TimestampUnit.Seconds, "1318333540276", 1_318_333_540_276_000L)]
    [InlineData(TimestampUnit.Microseconds, "1318333540276123", 1_318_333_540_276L)]
    public void A_number_with_its_unit_is_read_in_that_unit(TimestampUnit unit, string text, long expected)
    {
        new TimestampParser(null, null, unit).TryParse(text, out var ms).ShouldBe(TimestampStatus.Ok);
        ms.ShouldBe(expected);
    }
}
