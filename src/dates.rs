//! Dates in news text, resolved against the article's publication date.
//!
//! In: the article text, a byte range of it (usually one sentence or clause)
//! and the article's date. Out: the date a source gave its report on
//! ([`reported_on`]) and the times a claim is about ([`time_refs`]), each with
//! its byte span into the text as given.
//!
//! Every relative expression is resolved by a fixed rule, documented on the
//! function that resolves it. Transfer windows are taken as 1 June – 31 August
//! (summer) and 1 – 31 January (winter); a season runs 1 July – 30 June.
//! Month names in [`time_refs`] must be capitalized (`in May`, not `in may`).
//! Nothing here panics, whatever the text, range or date: an expression whose
//! date would fall outside the calendar's range is skipped.

use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;
use serde::{Serialize, Serializer};

use crate::alternation::{Alternation, Groups};
use crate::span::Span;

/// A date the source gave its report on, resolved against the article date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedOn {
    /// The resolved date; serialized as `"YYYY-MM-DD"`.
    #[serde(serialize_with = "iso_date")]
    pub date: Date,
    /// The whole expression, e.g. `on October 13`, `on Friday`, `yesterday`.
    pub span: Span,
}

/// A time a claim is about (`in January`, `next summer`, `at the end of the
/// season`), as its text plus a resolved window of dates, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeRef {
    /// The whole expression, prepositions included (`in January`).
    pub span: Span,
    /// First day of the window; serialized as `"YYYY-MM-DD"`.
    #[serde(serialize_with = "iso_date")]
    pub start: Date,
    /// Last day of the window; serialized as `"YYYY-MM-DD"`.
    #[serde(serialize_with = "iso_date")]
    pub end: Date,
}

/// A date as a `YYYY-MM-DD` string.
pub(crate) fn iso_date<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Parses an article's metadata date `YYYY-MM-DD` (surrounding whitespace
/// allowed). Returns `None` for any other shape or an impossible date.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let year: i16 = s.get(0..4)?.parse().ok()?;
    let month: i8 = s.get(5..7)?.parse().ok()?;
    let day: i8 = s.get(8..10)?.parse().ok()?;
    Date::new(year, month, day).ok()
}

/// An ASCII word boundary: never falls inside a multibyte character.
const B: &str = r"(?-u:\b)";
const WEEKDAY: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
/// Month names and abbreviations, for matching case-insensitively.
const MONTH_ANY: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept(?:ember)?|sep|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
/// Capitalized full month names, for matching case-sensitively.
const MONTH_CAP: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

/// The reporting-date expressions, one part per kind; matched part by part
/// (see [`crate::alternation`]).
static REPORTED: LazyLock<Alternation> = LazyLock::new(|| {
    let md = format!(
        r"(?P<md>on\s+(?:(?:{WEEKDAY}),?\s+)?(?:the\s+)?(?:(?P<m1>{MONTH_ANY})\.?\s+(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?|(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m2>{MONTH_ANY})\.?)(?:,?\s+(?P<y>[0-9]{{4}}))?)"
    );
    let alts = [
        md,
        format!(r"(?P<wdon>on\s+(?P<wd1>{WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?)"),
        format!(r"(?P<wdlast>last\s+(?P<wd2>{WEEKDAY}))"),
        format!(r"(?P<wdposs>(?P<wd3>{WEEKDAY})(?:'|’)s)"),
        r"(?P<yest>yesterday|last\s+night)".to_string(),
        r"(?P<today>earlier\s+today|today|this\s+(?:morning|afternoon|evening)|tonight)".to_string(),
        r"(?P<lastweekend>last\s+weekend)".to_string(),
        r"(?P<weekend>(?:earlier\s+)?this\s+weekend|(?:at|over)\s+the\s+weekend)".to_string(),
        r"(?P<lastweek>last\s+week)".to_string(),
        r"(?P<thisweek>(?:earlier\s+)?this\s+week)".to_string(),
        r"(?P<lastmonth>last\s+month)".to_string(),
        r"(?P<thismonth>earlier\s+this\s+month)".to_string(),
        r"(?P<ago>(?P<n>[0-9]{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+ago)".to_string(),
    ];
    Alternation::new(&format!("(?i){B}"), &alts, B).expect("reported-on pattern is valid")
});

/// The time expressions, one part per kind; matched part by part (see
/// [`crate::alternation`]).
static TIME: LazyLock<Alternation> = LazyLock::new(|| {
    let prep = r"in|during|by|until|till|before|after|from|through|throughout|for|over";
    let mods = r"early|late|mid|the\s+middle\s+of|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of";
    let window = r"(?i:\s+(?:transfer\s+)?window)?";
    let alts = [
        // At the end of the season.
        r"(?P<se>(?i:(?:(?:at|by|until|till|before|after|from)\s+)?(?:the\s+)?end\s+of\s+(?:(?P<seq>the\s+current|the\s+next|the\s+coming|this|next|last|the)\s+)?(?:(?P<sey>[0-9]{4})\s*[-/–]\s*(?:[0-9]{2}|[0-9]{4})\s+)?(?:season|campaign)))"
            .to_string(),
        r"(?P<se2>(?i:(?:(?:at|by|until|before)\s+)?(?:the\s+)?(?:(?P<seq2>this|next|last)\s+)?season(?:'|’)s\s+end))".to_string(),
        // Mid-season.
        r"(?P<mid>(?i:(?:(?:in|during)\s+)?(?:the\s+)?mid[- ]?season))".to_string(),
        // This / next season.
        r"(?P<ssn>(?i:(?P<sq>this|next|last|the\s+current|the\s+coming|the\s+next|the\s+following|the\s+previous)\s+(?:season|campaign)))".to_string(),
        // Summer.
        format!(
            r"(?P<sum>(?i:(?:(?:{prep})\s+)?(?:(?P<suq>this|next|last|the\s+coming|the\s+next|the\s+upcoming|the)\s+)?summer(?:\s+(?:of\s+)?(?P<suy>[0-9]{{4}}))?(?:\s+(?:transfer\s+)?window)?))"
        ),
        // Winter / the new year.
        format!(
            r"(?P<win>(?i:(?:(?:{prep})\s+)?(?:(?P<wiq>this|next|last|the\s+coming|the\s+next|the\s+upcoming|the)\s+)?winter(?:\s+(?:transfer\s+)?window)?))"
        ),
        r"(?P<ny>(?i:in\s+the\s+new\s+year))".to_string(),
        // The next window.
        r"(?P<nw>(?i:(?:(?:in|during|by|before|until)\s+)?the\s+(?:next|upcoming|coming)\s+(?:transfer\s+)?window))".to_string(),
        // The deadline.
        r"(?P<dl>(?i:(?:before|by|ahead\s+of|prior\s+to)\s+(?:the\s+)?(?:transfer\s+|window\s+)?deadline(?:\s+day)?|before\s+the\s+(?:transfer\s+)?window\s+(?:closes|shuts)))".to_string(),
        r"(?P<dday>(?i:(?:on\s+)?deadline\s+day))".to_string(),
        // End of this month / this, next, last month.
        r"(?P<cm>(?i:(?:(?:by|at|before)\s+)?the\s+end\s+of\s+(?:the|this)\s+month|(?:later\s+|earlier\s+)?(?P<cmq>this|next|last)\s+month))".to_string(),
        // This, next, last week.
        r"(?P<cw>(?i:(?:later\s+|earlier\s+)?(?P<cwq>this|next|last)\s+week))".to_string(),
        // This, next, last year.
        r"(?P<cy>(?i:(?P<cyq>this|next|last)\s+year))".to_string(),
        // A named month.
        format!(
            r"(?P<mon>(?i:(?:at\s+)?(?:(?:{prep})\s+(?:the\s+)?(?:(?:{mods})[\s-]+)?|(?:{mods})[\s-]+|(?P<mq>this|next|last|the\s+coming|coming)\s+))(?P<m>{MONTH_CAP})(?:\s+(?P<my>[0-9]{{4}}))?{window}|(?P<m3>{MONTH_CAP})\s+(?P<my3>[0-9]{{4}}){window}|(?i:the\s+)?(?P<m4>{MONTH_CAP})(?i:\s+(?:transfer\s+)?window))"
        ),
        // A year or a season given by years.
        format!(
            r"(?P<yr>(?i:(?:{prep})\s+)(?i:the\s+)?(?P<y1>(?:19|20)[0-9]{{2}})(?:\s*[-/–]\s*(?P<y2>[0-9]{{2}}|(?:19|20)[0-9]{{2}})(?i:\s+(?:season|campaign))?)?|(?i:the\s+)?(?P<y3>(?:19|20)[0-9]{{2}})\s*[-/–]\s*(?P<y4>[0-9]{{2}}|(?:19|20)[0-9]{{2}})(?i:\s+(?:season|campaign))?)"
        ),
    ];
    Alternation::new(B, &alts, B).expect("time pattern is valid")
});

/// A day number right after a month name (`October 13`): a specific date.
static DAY_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s+[0-9]{{1,2}}(?:st|nd|rd|th)?{B}")).expect("day pattern is valid")
});

/// A day number right before a month name (`13 October`): a specific date.
static DAY_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:[0-9](?:st|nd|rd|th)?\s+(?:of\s+)?)$").expect("day pattern is valid")
});

/// `text[range]` when the range fits the text and lies on char boundaries.
fn hay(text: &str, range: Span) -> Option<&str> {
    if range.start > range.end {
        return None;
    }
    text.get(range.start..range.end)
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

fn weekday_of(name: &str) -> Option<Weekday> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.get(..3)? {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn month_of(name: &str) -> Option<i8> {
    let lower = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let idx = months.iter().position(|m| lower.get(..3) == Some(*m))?;
    i8::try_from(idx + 1).ok()
}

fn small_number(word: &str) -> Option<i64> {
    let lower = word.to_ascii_lowercase();
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    if lower == "a" || lower == "an" {
        return Some(1);
    }
    if let Some(i) = words.iter().position(|w| *w == lower) {
        return i64::try_from(i + 1).ok();
    }
    lower.parse().ok()
}

/// The most recent `day` on or before `date` (`strict`: before).
fn weekday_back(date: Date, day: Weekday, strict: bool) -> Option<Date> {
    let diff = (date.weekday().to_monday_zero_offset() - day.to_monday_zero_offset()).rem_euclid(7);
    let diff = if strict && diff == 0 { 7 } else { diff };
    add_days(date, -i64::from(diff))
}

/// The Monday of `date`'s week (weeks run Monday to Sunday).
fn monday_of(date: Date) -> Option<Date> {
    weekday_back(date, Weekday::Monday, false)
}

fn shift_year(year: i16, by: i16) -> Option<i16> {
    year.checked_add(by)
}

/// The first day of the month `by` months from `date`'s month.
fn month_start(date: Date, by: i32) -> Option<Date> {
    let index = i32::from(date.year()) * 12 + i32::from(date.month()) - 1 + by;
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    let month = i8::try_from(index.rem_euclid(12) + 1).ok()?;
    Date::new(year, month, 1).ok()
}

/// The most recent `month`/`day` on or before `article` (up to eight years
/// back, for 29 February).
fn recent_day(article: Date, month: i8, day: i8) -> Option<Date> {
    (0..=8).find_map(|back| {
        let year = shift_year(article.year(), -back)?;
        Date::new(year, month, day).ok().filter(|d| *d <= article)
    })
}

fn resolve_reported(caps: &Groups<'_>, article: Date) -> Option<Date> {
    let has = |name: &str| caps.name(name).is_some();
    let text_of = |name: &str| caps.name(name).map(|m| m.as_str()).unwrap_or("");
    if has("md") {
        let (m, d) = if has("m1") {
            (text_of("m1"), text_of("d1"))
        } else {
            (text_of("m2"), text_of("d2"))
        };
        let month = month_of(m)?;
        let day: i8 = d.parse().ok()?;
        return match caps.name("y") {
            Some(y) => Date::new(y.as_str().parse().ok()?, month, day).ok(),
            None => recent_day(article, month, day),
        };
    }
    if let Some(wd) = caps.name("wd1").or_else(|| caps.name("wd3")) {
        return weekday_back(article, weekday_of(wd.as_str())?, false);
    }
    if let Some(wd) = caps.name("wd2") {
        return weekday_back(article, weekday_of(wd.as_str())?, true);
    }
    if has("yest") {
        return add_days(article, -1);
    }
    if has("today") {
        return Some(article);
    }
    if has("lastweekend") {
        return add_days(monday_of(article)?, -2);
    }
    if has("weekend") {
        return weekday_back(article, Weekday::Saturday, false);
    }
    if has("lastweek") {
        return add_days(monday_of(article)?, -7);
    }
    if has("thisweek") {
        return monday_of(article);
    }
    if has("lastmonth") {
        return month_start(article, -1);
    }
    if has("thismonth") {
        return month_start(article, 0);
    }
    if has("ago") {
        let n = small_number(text_of("n"))?;
        let per = if text_of("unit").to_ascii_lowercase().starts_with('w') {
            7
        } else {
            1
        };
        return add_days(article, -n.checked_mul(per)?);
    }
    None
}

/// The date the source gave its report on, from the first such expression
/// in `text[range]`, resolved against `article` (the publication date):
///
/// - `on Friday`, `on Friday night`, `Friday's` (as in "Friday's edition"):
///   the most recent Friday on or before the article date, so "on Friday" in
///   a Sunday article is two days before, and in a Friday article is that day;
/// - `last Friday`: the most recent Friday strictly before the article date;
/// - `on October 13`, `on 13 October`, `on the 13th of October`, `on Monday,
///   October 13`: the most recent October 13 on or before the article date;
///   with a year (`on October 13, 2025`) exactly that day;
/// - `yesterday`, `last night`: the day before; `today`, `earlier today`,
///   `this morning`/`afternoon`/`evening`, `tonight`: the article date;
/// - periods resolve to their first day: `this week`, `earlier this week`:
///   the Monday of the article's week (weeks run Monday–Sunday); `last week`:
///   the Monday before that; `earlier this month`: the 1st of the article's
///   month; `last month`: the 1st of the month before;
/// - `this weekend`, `earlier this weekend`, `at`/`over the weekend`: the
///   Saturday of the most recent weekend that began on or before the article
///   date; `last weekend`: the Saturday before the Monday of the article's
///   week;
/// - `three days ago`, `two weeks ago`: that many days (or 7-day weeks) back.
///
/// Returns `None` when there is no such expression, when `range` does not fit
/// `text` or lies off character boundaries, or when the date is impossible
/// (`on 31 February`).
pub fn reported_on(text: &str, range: Span, article: Date) -> Option<ReportedOn> {
    let h = hay(text, range)?;
    REPORTED.captures_iter(h).find_map(|caps| {
        let whole = caps.get(0)?;
        let date = resolve_reported(&caps, article)?;
        Some(ReportedOn {
            date,
            span: Span::new(range.start + whole.start(), range.start + whole.end()),
        })
    })
}

fn window(start: Date, end: Date) -> Option<(Date, Date)> {
    Some((start, end))
}

fn month_window(year: i16, month: i8) -> Option<(Date, Date)> {
    let first = Date::new(year, month, 1).ok()?;
    window(first, first.last_of_month())
}

fn summer(year: i16) -> Option<(Date, Date)> {
    window(Date::new(year, 6, 1).ok()?, Date::new(year, 8, 31).ok()?)
}

fn january(year: i16) -> Option<(Date, Date)> {
    month_window(year, 1)
}

fn season(end_year: i16) -> Option<(Date, Date)> {
    let start_year = shift_year(end_year, -1)?;
    window(
        Date::new(start_year, 7, 1).ok()?,
        Date::new(end_year, 6, 30).ok()?,
    )
}

fn season_end(end_year: i16) -> Option<(Date, Date)> {
    window(
        Date::new(end_year, 5, 31).ok()?,
        Date::new(end_year, 6, 30).ok()?,
    )
}

/// The year in which the season current at `article` ends.
fn current_season_end(article: Date) -> Option<i16> {
    if article.month() >= 7 {
        shift_year(article.year(), 1)
    } else {
        Some(article.year())
    }
}

/// The January on or after the article's month (`strict`: after).
fn coming_january(article: Date, strict: bool) -> Option<(Date, Date)> {
    if article.month() == 1 && !strict {
        january(article.year())
    } else {
        january(shift_year(article.year(), 1)?)
    }
}

/// The qualifier word of a match, lower-cased, with a leading `the` dropped.
fn qualifier(caps: &Groups<'_>, name: &str) -> String {
    let q = caps
        .name(name)
        .map(|m| m.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let q = q.split_whitespace().collect::<Vec<_>>();
    match q.as_slice() {
        ["the"] | [] => String::new(),
        ["the", rest @ ..] => rest.join(" "),
        words => words.join(" "),
    }
}

/// Offset for a `this`/`next`/`last`-style qualifier: 0, 1 or -1.
fn shift_of(q: &str) -> i16 {
    match q {
        "next" | "coming" | "following" | "upcoming" => 1,
        "last" | "previous" => -1,
        _ => 0,
    }
}

fn parse_year(caps: &Groups<'_>, name: &str) -> Option<i16> {
    caps.name(name)?.as_str().parse().ok()
}

/// The last year of a season written `2025-26` or `2025/2026`, or `None`
/// when the two years are not consecutive.
fn season_end_from_years(first: i16, second: &str) -> Option<i16> {
    let next = shift_year(first, 1)?;
    let second_num: i16 = second.parse().ok()?;
    let ok = if second.len() == 2 {
        next % 100 == second_num
    } else {
        next == second_num
    };
    ok.then_some(next)
}

fn resolve_time(caps: &Groups<'_>, article: Date) -> Option<(Date, Date)> {
    let has = |name: &str| caps.name(name).is_some();
    let year = article.year();
    let month = article.month();
    if has("se") || has("se2") {
        if let Some(first) = parse_year(caps, "sey") {
            return season_end(shift_year(first, 1)?);
        }
        let q = if has("se") {
            qualifier(caps, "seq")
        } else {
            qualifier(caps, "seq2")
        };
        return season_end(shift_year(current_season_end(article)?, shift_of(&q))?);
    }
    if has("mid") || has("ny") {
        return coming_january(article, false);
    }
    if has("ssn") {
        let q = qualifier(caps, "sq");
        return season(shift_year(current_season_end(article)?, shift_of(&q))?);
    }
    if has("sum") {
        if let Some(y) = parse_year(caps, "suy") {
            return summer(y);
        }
        let after_summer = month > 8;
        let before_summer = month < 6;
        let q = qualifier(caps, "suq");
        let y = match shift_of(&q) {
            // "this summer": the summer of the article's year.
            _ if q == "this" => year,
            // "next summer": the first summer not yet begun.
            1 if before_summer => year,
            1 => shift_year(year, 1)?,
            // "last summer": the most recent summer already over.
            -1 if after_summer => year,
            -1 => shift_year(year, -1)?,
            // "the summer", "summer window": the current or coming one.
            _ if after_summer => shift_year(year, 1)?,
            _ => year,
        };
        return summer(y);
    }
    if has("win") {
        return match shift_of(&qualifier(caps, "wiq")) {
            1 => coming_january(article, true),
            -1 if month == 1 => january(shift_year(year, -1)?),
            -1 => january(year),
            _ => coming_january(article, false),
        };
    }
    if has("nw") {
        return if month <= 5 {
            summer(year)
        } else {
            january(shift_year(year, 1)?)
        };
    }
    if has("dl") || has("dday") {
        let deadline = [
            Date::new(year, 1, 31).ok(),
            Date::new(year, 8, 31).ok(),
            shift_year(year, 1).and_then(|y| Date::new(y, 1, 31).ok()),
        ]
        .into_iter()
        .flatten()
        .find(|d| *d >= article)?;
        return if has("dday") {
            window(deadline, deadline)
        } else {
            window(article, deadline)
        };
    }
    if has("cm") {
        let first = month_start(article, i32::from(shift_of(&qualifier(caps, "cmq"))))?;
        return window(first, first.last_of_month());
    }
    if has("cw") {
        let shift = i64::from(shift_of(&qualifier(caps, "cwq"))) * 7;
        let monday = add_days(monday_of(article)?, shift)?;
        return window(monday, add_days(monday, 6)?);
    }
    if has("cy") {
        let y = shift_year(year, shift_of(&qualifier(caps, "cyq")))?;
        return window(Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?);
    }
    if has("mon") {
        let name = caps
            .name("m")
            .or_else(|| caps.name("m3"))
            .or_else(|| caps.name("m4"))?;
        let m = month_of(name.as_str())?;
        if let Some(y) = parse_year(caps, "my").or_else(|| parse_year(caps, "my3")) {
            return month_window(y, m);
        }
        // Months ahead of the article's month to the next such month (0..=11).
        let ahead = (m - month).rem_euclid(12);
        let upcoming = if m >= month {
            year
        } else {
            shift_year(year, 1)?
        };
        let past = if m < month {
            year
        } else {
            shift_year(year, -1)?
        };
        let y = match shift_of(&qualifier(caps, "mq")) {
            1 if m > month => year,
            1 => shift_year(year, 1)?,
            -1 => past,
            // January is the winter window: always the coming one.
            _ if m == 1 => upcoming,
            _ if ahead <= 6 => upcoming,
            _ => past,
        };
        return month_window(y, m);
    }
    if has("yr") {
        let (first, second) = if has("y1") {
            (parse_year(caps, "y1")?, caps.name("y2"))
        } else {
            (parse_year(caps, "y3")?, caps.name("y4"))
        };
        return match second {
            None => window(Date::new(first, 1, 1).ok()?, Date::new(first, 12, 31).ok()?),
            Some(second) => match season_end_from_years(first, second.as_str()) {
                Some(end_year) => season(end_year),
                None => {
                    let last: i16 = second.as_str().parse().ok()?;
                    if second.len() == 4 && last > first {
                        window(Date::new(first, 1, 1).ok()?, Date::new(last, 12, 31).ok()?)
                    } else {
                        None
                    }
                }
            },
        };
    }
    None
}

/// True when a month-name match is really part of a specific day
/// (`October 13`, `13 October 2025`), which is not a window.
fn is_specific_day(text: &str, caps: &Groups<'_>, offset: usize) -> bool {
    let Some(name) = caps.name("m").or_else(|| caps.name("m3")) else {
        return false;
    };
    let month_end = offset + name.end();
    let after = text.get(month_end..).unwrap_or("");
    if caps.name("my").is_none() && caps.name("my3").is_none() && DAY_AFTER_RE.is_match(after) {
        return true;
    }
    let month_start = offset + name.start();
    let mut from = month_start.saturating_sub(16);
    while from < month_start && !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..month_start).unwrap_or("");
    DAY_BEFORE_RE.is_match(before)
}

/// Times the claim is about in `text[range]`, in order, each resolved to a
/// window of dates (both ends included) against `article`:
///
/// - a month (`in June`, `next June`, `mid-January`, `the January window`):
///   the whole month, in the year given (`in June 2026`); else January (the
///   winter window) is the first January on or after the article's month
///   (`in January` in a January article is that January), and any other month
///   is its nearest occurrence: the coming one when it is at most six months
///   ahead of the article's month (the article's own month included), else
///   the past one (`in June` is this June in a February article, and this
///   June too, already past, in an August one). `next` means the first one
///   strictly after the article's month, `last` the last one strictly
///   before. A month followed or preceded by a day number is a specific date,
///   not a window, and is left out;
/// - the winter window (`this winter`, `in the winter`, `the winter window`,
///   `in the new year`, `mid-season`): 1–31 January, of the coming January as
///   for `in January`; `next winter` is the January after the current one in
///   a January article; `last winter` the most recent January before the
///   article's month;
/// - the summer window, 1 June – 31 August: `this summer` is the article's
///   year's; `next summer` is the first one not yet begun (this year's in an
///   article before June, next year's from June on: in a March article,
///   "next summer" is the coming one); `last summer` is the most recent one
///   already over; `the summer`, `summer window`, `in the summer` is the
///   current or coming one; `summer 2026` is that year's;
/// - the end of the season (`at the end of the season`, `season's end`,
///   `the end of the 2025-26 season`): 31 May – 30 June of the year the
///   season ends; seasons run 1 July – 30 June, so a season ends in the
///   article's year before July and the next year from July on; `next` /
///   `last` move it a year;
/// - a season (`this season`, `next season`, `the 2025-26 season`,
///   `in 2025/26`): 1 July – 30 June;
/// - `before the deadline`, `by the transfer deadline`, `before the window
///   closes`: from the article date to the next deadline on or after it,
///   deadlines being 31 January and 31 August; `deadline day`: that day alone;
/// - `in the next window`: the next window not open on the article date
///   (the summer one in an article from January to May, else next January);
/// - `this`/`next`/`last month`, `by the end of the month`: that month;
///   `this`/`next`/`last week`: Monday–Sunday; `this`/`next`/`last year` and
///   `in 2026`: 1 January – 31 December.
///
/// Returns an empty list when `range` does not fit `text` or lies off
/// character boundaries; expressions whose window would fall outside the
/// calendar are left out.
pub fn time_refs(text: &str, range: Span, article: Date) -> Vec<TimeRef> {
    let Some(h) = hay(text, range) else {
        return Vec::new();
    };
    TIME.captures_iter(h)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            if caps.name("mon").is_some() && is_specific_day(text, &caps, range.start) {
                return None;
            }
            let (start, end) = resolve_time(&caps, article)?;
            Some(TimeRef {
                span: Span::new(range.start + whole.start(), range.start + whole.end()),
                start,
                end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn all(text: &str) -> Span {
        Span::new(0, text.len())
    }

    /// (resolved date, expression text) of the reporting date in `text`.
    fn rep(text: &str, article: Date) -> Option<(Date, &str)> {
        reported_on(text, all(text), article).map(|r| (r.date, r.span.slice(text)))
    }

    /// (expression text, start, end) of every time reference in `text`.
    fn refs(text: &str, article: Date) -> Vec<(&str, Date, Date)> {
        time_refs(text, all(text), article)
            .into_iter()
            .map(|t| (t.span.slice(text), t.start, t.end))
            .collect()
    }

    #[test]
    fn parses_metadata_dates() {
        assert_eq!(parse_date("2025-10-16"), Some(date(2025, 10, 16)));
        assert_eq!(parse_date(" 2025-10-16\n"), Some(date(2025, 10, 16)));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("2025-1-16"), None);
        assert_eq!(parse_date("16/10/2025"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("２０２５-10-16"), None);
        assert_eq!(parse_date("2025-10-1é"), None);
    }

    #[test]
    fn spec_month_day_without_year() {
        let a = date(2025, 10, 16);
        let t = "According to Cadena SER on October 13, Madrid are willing to pay.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 13), "on October 13")));
        // Not after the article date: a later day means last year's.
        let t = "Marca reported on October 20 that the deal was off.";
        assert_eq!(rep(t, a), Some((date(2024, 10, 20), "on October 20")));
    }

    #[test]
    fn day_month_and_explicit_year() {
        let a = date(2025, 10, 16);
        let t = "Kicker reported on 13 October that Bayern are keen.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 13), "on 13 October")));
        let t = "Sport said on the 2nd of September, 2024 that Barca had called.";
        assert_eq!(
            rep(t, a),
            Some((date(2024, 9, 2), "on the 2nd of September, 2024"))
        );
        let t = "On Monday, October 13, L'Equipe reported that PSG want him.";
        assert_eq!(
            rep(t, a),
            Some((date(2025, 10, 13), "On Monday, October 13"))
        );
        let t = "The Times said on Oct. 3 that Spurs had bid.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 3), "on Oct. 3")));
    }

    #[test]
    fn spec_weekday() {
        // 2025-10-19 is a Sunday; "on Friday" is two days before.
        let t = "The Athletic reported on Friday that Arsenal have made contact.";
        assert_eq!(
            rep(t, date(2025, 10, 19)),
            Some((date(2025, 10, 17), "on Friday"))
        );
        // In a Friday article, "on Friday" is that day.
        assert_eq!(
            rep(t, date(2025, 10, 17)),
            Some((date(2025, 10, 17), "on Friday"))
        );
        // In a Thursday article, the Friday before.
        assert_eq!(
            rep(t, date(2025, 10, 16)),
            Some((date(2025, 10, 10), "on Friday"))
        );
    }

    #[test]
    fn weekday_variants() {
        let a = date(2025, 10, 17); // a Friday
        let t = "Plettenberg claimed on Monday morning that Bayern are in talks.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 13), "on Monday morning")));
        let t = "Tuttosport said last Friday that Juve are interested.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 10), "last Friday")));
        let t = "In Tuesday’s edition, AS claimed Madrid had made an approach.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 14), "Tuesday’s")));
    }

    #[test]
    fn yesterday_today_and_ago() {
        let a = date(2025, 1, 1);
        let t = "Gazzetta reported yesterday that Napoli want the striker.";
        assert_eq!(rep(t, a), Some((date(2024, 12, 31), "yesterday")));
        let t = "Sky Sports understands this morning that Everton have bid.";
        assert_eq!(rep(t, a), Some((a, "this morning")));
        let t = "Romano said last night that City are close.";
        assert_eq!(rep(t, a), Some((date(2024, 12, 31), "last night")));
        let t = "Bild reported three days ago that Dortmund would sell.";
        assert_eq!(rep(t, a), Some((date(2024, 12, 29), "three days ago")));
        let t = "Record claimed two weeks ago that Benfica had offered a deal.";
        assert_eq!(rep(t, a), Some((date(2024, 12, 18), "two weeks ago")));
    }

    #[test]
    fn weeks_weekends_and_months() {
        let a = date(2025, 10, 16); // a Thursday
        let t = "Marca reported last week that Real want the defender.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 6), "last week")));
        let t = "Le Parisien reported earlier this week that PSG are keen.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 13), "earlier this week")));
        let t = "The Mail reported at the weekend that United had called.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 11), "at the weekend")));
        let t = "The Mail reported last weekend that United had called.";
        assert_eq!(rep(t, a), Some((date(2025, 10, 11), "last weekend")));
        // In a Sunday article, "this weekend" began the day before.
        let t = "Sources said earlier this weekend that Chelsea are in talks.";
        assert_eq!(
            rep(t, date(2025, 10, 19)),
            Some((date(2025, 10, 18), "earlier this weekend"))
        );
        // ... and "last weekend" is the one before.
        let t = "Sources said last weekend that Chelsea are in talks.";
        assert_eq!(
            rep(t, date(2025, 10, 19)),
            Some((date(2025, 10, 11), "last weekend"))
        );
        let t = "AS reported last month that Atletico had made an offer.";
        assert_eq!(
            rep(t, date(2025, 1, 20)),
            Some((date(2024, 12, 1), "last month"))
        );
    }

    #[test]
    fn no_reporting_date() {
        let a = date(2025, 10, 16);
        assert_eq!(rep("Liverpool are keen on the Frenchman.", a), None);
        // An impossible date is skipped.
        assert_eq!(rep("Bild said on 31 February that Bayern bid.", a), None);
        // 29 February resolves to the last leap year.
        let t = "Bild said on 29 February that Bayern bid.";
        assert_eq!(
            rep(t, date(2025, 10, 16)),
            Some((date(2024, 2, 29), "on 29 February"))
        );
    }

    #[test]
    fn in_january() {
        let t = "Arsenal will move for the striker in January.";
        let jan26 = (date(2026, 1, 1), date(2026, 1, 31));
        assert_eq!(
            refs(t, date(2025, 10, 16)),
            vec![("in January", jan26.0, jan26.1)]
        );
        assert_eq!(
            refs(t, date(2026, 1, 10)),
            vec![("in January", jan26.0, jan26.1)]
        );
        let t = "Spurs could return with a bid in the January window.";
        assert_eq!(
            refs(t, date(2025, 10, 16)),
            vec![("in the January window", jan26.0, jan26.1)]
        );
        let t = "Napoli are plotting a January move.";
        assert_eq!(refs(t, date(2025, 10, 16)), vec![]);
    }

    #[test]
    fn winter_and_mid_season() {
        let a = date(2025, 11, 2);
        let jan = (date(2026, 1, 1), date(2026, 1, 31));
        let t = "Milan want to sign him this winter, or in the winter window, or mid-season.";
        assert_eq!(
            refs(t, a),
            vec![
                ("this winter", jan.0, jan.1),
                ("in the winter window", jan.0, jan.1),
                ("mid-season", jan.0, jan.1),
            ]
        );
        let t = "Roma will try again in the winter.";
        assert_eq!(
            refs(t, date(2026, 1, 5)),
            vec![("in the winter", date(2026, 1, 1), date(2026, 1, 31))]
        );
    }

    #[test]
    fn summers() {
        let t = "Liverpool plan a move next summer.";
        assert_eq!(
            refs(t, date(2025, 11, 2)),
            vec![("next summer", date(2026, 6, 1), date(2026, 8, 31))]
        );
        // Before June, "next summer" is the coming one.
        assert_eq!(
            refs(t, date(2026, 3, 2)),
            vec![("next summer", date(2026, 6, 1), date(2026, 8, 31))]
        );
        // During the summer, it is next year's.
        assert_eq!(
            refs(t, date(2026, 7, 2)),
            vec![("next summer", date(2027, 6, 1), date(2027, 8, 31))]
        );
        let t = "Juventus want to sign him this summer.";
        assert_eq!(
            refs(t, date(2026, 3, 2)),
            vec![("this summer", date(2026, 6, 1), date(2026, 8, 31))]
        );
        let t = "He almost joined Inter last summer.";
        assert_eq!(
            refs(t, date(2026, 3, 2)),
            vec![("last summer", date(2025, 6, 1), date(2025, 8, 31))]
        );
        let t = "Bayern will revisit the deal in the summer of 2027.";
        assert_eq!(
            refs(t, date(2026, 3, 2)),
            vec![("in the summer of 2027", date(2027, 6, 1), date(2027, 8, 31))]
        );
        let t = "Chelsea will wait for the summer window.";
        assert_eq!(
            refs(t, date(2025, 10, 2)),
            vec![("for the summer window", date(2026, 6, 1), date(2026, 8, 31))]
        );
        // A name containing the word is not a time.
        assert_eq!(refs("Summerville scored twice.", date(2025, 10, 2)), vec![]);
    }

    #[test]
    fn end_of_season() {
        let t = "The defender is out of contract at the end of the season.";
        assert_eq!(
            refs(t, date(2025, 10, 16)),
            vec![(
                "at the end of the season",
                date(2026, 5, 31),
                date(2026, 6, 30)
            )]
        );
        assert_eq!(
            refs(t, date(2026, 3, 16)),
            vec![(
                "at the end of the season",
                date(2026, 5, 31),
                date(2026, 6, 30)
            )]
        );
        let t = "He will leave at season’s end.";
        assert_eq!(
            refs(t, date(2025, 8, 16)),
            vec![("at season’s end", date(2026, 5, 31), date(2026, 6, 30))]
        );
        let t = "His deal runs until the end of next season.";
        assert_eq!(
            refs(t, date(2025, 8, 16)),
            vec![(
                "until the end of next season",
                date(2027, 5, 31),
                date(2027, 6, 30)
            )]
        );
        let t = "His deal expires at the end of the 2026-27 season.";
        assert_eq!(
            refs(t, date(2025, 8, 16)),
            vec![(
                "at the end of the 2026-27 season",
                date(2027, 5, 31),
                date(2027, 6, 30)
            )]
        );
    }

    #[test]
    fn seasons_and_years() {
        let a = date(2025, 10, 16);
        let t = "He will join next season, having signed a deal running until 2028.";
        assert_eq!(
            refs(t, a),
            vec![
                ("next season", date(2026, 7, 1), date(2027, 6, 30)),
                ("until 2028", date(2028, 1, 1), date(2028, 12, 31)),
            ]
        );
        let t = "Real expect to sign him in 2026.";
        assert_eq!(
            refs(t, a),
            vec![("in 2026", date(2026, 1, 1), date(2026, 12, 31))]
        );
        let t = "He was loaned out for the 2024/25 season.";
        assert_eq!(
            refs(t, a),
            vec![(
                "for the 2024/25 season",
                date(2024, 7, 1),
                date(2025, 6, 30)
            )]
        );
    }

    #[test]
    fn months_with_years_and_qualifiers() {
        let a = date(2025, 10, 16);
        let t = "The move will go through in June 2026.";
        assert_eq!(
            refs(t, a),
            vec![("in June 2026", date(2026, 6, 1), date(2026, 6, 30))]
        );
        let t = "Talks resume in early November and a bid follows next October.";
        assert_eq!(
            refs(t, a),
            vec![
                ("in early November", date(2025, 11, 1), date(2025, 11, 30)),
                ("next October", date(2026, 10, 1), date(2026, 10, 31)),
            ]
        );
        // Other months than January: the nearest one, ahead up to six months.
        let t = "He could leave in March.";
        assert_eq!(
            refs(t, a),
            vec![("in March", date(2026, 3, 1), date(2026, 3, 31))]
        );
        let t = "He signed in May.";
        assert_eq!(
            refs(t, a),
            vec![("in May", date(2025, 5, 1), date(2025, 5, 31))]
        );
        // Six months either way: the coming one.
        let t = "He could sign in April.";
        assert_eq!(
            refs(t, a),
            vec![("in April", date(2026, 4, 1), date(2026, 4, 30))]
        );
        let t = "His contract expires in June.";
        assert_eq!(
            refs(t, date(2026, 2, 3)),
            vec![("in June", date(2026, 6, 1), date(2026, 6, 30))]
        );
        let t = "Arsenal held talks over the striker in June.";
        assert_eq!(
            refs(t, date(2025, 8, 6)),
            vec![("in June", date(2025, 6, 1), date(2025, 6, 30))]
        );
        // January always looks ahead.
        let t = "Spurs will move for him in January.";
        assert_eq!(
            refs(t, date(2025, 6, 6)),
            vec![("in January", date(2026, 1, 1), date(2026, 1, 31))]
        );
        let t = "He moved there last January.";
        assert_eq!(
            refs(t, date(2025, 6, 6)),
            vec![("last January", date(2025, 1, 1), date(2025, 1, 31))]
        );
        // "May" as a verb, and specific days, are not windows.
        let t = "They may sign him on October 20 or by 3 September 2026.";
        assert_eq!(refs(t, a), vec![]);
    }

    #[test]
    fn this_next_month_week_year() {
        let a = date(2025, 12, 10); // a Wednesday
        let t = "A decision is due this month, talks continue next month.";
        assert_eq!(
            refs(t, a),
            vec![
                ("this month", date(2025, 12, 1), date(2025, 12, 31)),
                ("next month", date(2026, 1, 1), date(2026, 1, 31)),
            ]
        );
        let t = "A medical is planned for next week, and a second bid next year.";
        assert_eq!(
            refs(t, a),
            vec![
                ("next week", date(2025, 12, 15), date(2025, 12, 21)),
                ("next year", date(2026, 1, 1), date(2026, 12, 31)),
            ]
        );
    }

    #[test]
    fn deadlines_and_next_window() {
        let t = "United want a deal done before the deadline.";
        assert_eq!(
            refs(t, date(2025, 8, 20)),
            vec![("before the deadline", date(2025, 8, 20), date(2025, 8, 31))]
        );
        assert_eq!(
            refs(t, date(2025, 10, 2)),
            vec![("before the deadline", date(2025, 10, 2), date(2026, 1, 31))]
        );
        let t = "Everton could strike on deadline day.";
        assert_eq!(
            refs(t, date(2026, 1, 20)),
            vec![("on deadline day", date(2026, 1, 31), date(2026, 1, 31))]
        );
        let t = "Wolves will revisit it in the next transfer window.";
        assert_eq!(
            refs(t, date(2026, 1, 20)),
            vec![(
                "in the next transfer window",
                date(2026, 6, 1),
                date(2026, 8, 31)
            )]
        );
        assert_eq!(
            refs(t, date(2026, 7, 20)),
            vec![(
                "in the next transfer window",
                date(2027, 1, 1),
                date(2027, 1, 31)
            )]
        );
    }

    #[test]
    fn serializes_dates_as_iso_strings() {
        let t = "Bild said on Friday that Bayern are keen, with a move in January.";
        let a = date(2025, 10, 19);
        let r = reported_on(t, all(t), a);
        let v = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(v["date"], serde_json::json!("2025-10-17"));
        let refs = time_refs(t, all(t), a);
        let v = serde_json::to_value(&refs).unwrap_or_default();
        assert_eq!(v[0]["start"], serde_json::json!("2026-01-01"));
        assert_eq!(v[0]["end"], serde_json::json!("2026-01-31"));
    }

    #[test]
    fn odd_inputs_never_panic() {
        let edges = [date(-9999, 1, 1), date(9999, 12, 31), date(2024, 2, 29)];
        let texts = [
            "",
            "on October 99, 9999 and on 0 May",
            "é on Friday é in January é next summer é 99 days ago é",
            "at the end of next season, next summer, last winter, deadline day, next week, next month, next year, in 2099-00",
            "on 29 February 0000 and on 31 December 9999 and in December 9999",
        ];
        for a in edges {
            for t in texts {
                let _ = reported_on(t, all(t), a);
                for r in time_refs(t, all(t), a) {
                    assert!(r.start <= r.end);
                    assert!(t.get(r.span.start..r.span.end).is_some());
                }
            }
        }
        let t = "é on Friday";
        let a = date(2025, 10, 16);
        assert_eq!(
            reported_on(
                t,
                Span {
                    start: 1,
                    end: t.len()
                },
                a
            ),
            None
        );
        assert_eq!(reported_on(t, Span { start: 5, end: 2 }, a), None);
        assert!(time_refs(t, Span { start: 0, end: 99 }, a).is_empty());
        let long = "in January on Friday ".repeat(20_000);
        assert_eq!(time_refs(&long, all(&long), a).len(), 20_000);
    }

    #[test]
    fn pseudo_random_inputs_never_panic() {
        let pieces = [
            "on ", "in ", "next ", "last ", "this ", "the ", "end of ", "season", "summer",
            "winter", "January", "May", "October ", "13", "2026", "-27", " ", "Friday", "’s",
            "week", "weekend", "month", "year", "days ago", "deadline", "é", "🔴", ",", "mid-",
        ];
        let dates = [date(2025, 10, 16), date(-9999, 1, 1), date(9999, 12, 31)];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3_000 {
            let len = next(16);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let article = dates[next(dates.len())];
            let a = next(text.len() + 2);
            let b = next(text.len() + 2);
            for range in [all(&text), Span { start: a, end: b }] {
                if let Some(r) = reported_on(&text, range, article) {
                    assert!(range.contains(r.span), "{text:?}");
                }
                for t in time_refs(&text, range, article) {
                    assert!(range.contains(t.span) && t.start <= t.end, "{text:?}");
                    assert!(text.get(t.span.start..t.span.end).is_some());
                }
            }
        }
    }

    #[test]
    fn part_by_part_matching_finds_what_one_pattern_finds() {
        use proptest::strategy::{Strategy, ValueTree};
        let written = [
            "Bild said on Monday, October 13th, 2025 that Bayern bid last night.",
            "On the 3rd of Sept. and on Friday evening, Kicker wrote; last Friday too.",
            "Two weeks ago, an day ago, 12 days ago, earlier today, this afternoon.",
            "Sources said over the weekend, earlier this weekend and last weekend.",
            "He joins next summer, or in the summer of 2027, or this winter window.",
            "At the end of the 2025-26 season, at season’s end, at the end of next season.",
            "In early May 2026, mid-January, the January window, next June, coming March.",
            "In 2026, the 2024/25 season, from 2025–2027, before the deadline, on deadline day.",
            "By the end of the month, later this month, next week, last year, in the new year.",
            "They may sign him on October 20 or by 3 September 2026 in the next transfer window.",
            "THIS SEASON, ſeason, this wee\u{212A}, LAST NIGHT, é in January é",
        ];
        let pieces: &[&str] = &[
            "on ",
            "in ",
            "at ",
            "by ",
            "the ",
            "next ",
            "last ",
            "this ",
            "earlier ",
            "end ",
            "of ",
            "season",
            "campaign",
            "summer",
            "winter",
            "window",
            "deadline",
            "day",
            "January",
            "may",
            "May",
            "Sept",
            ".",
            "13",
            "3rd",
            "2026",
            "-27",
            "/",
            "–",
            " ",
            "  ",
            "Friday",
            "’s",
            "'s",
            "week",
            "weekend",
            "month",
            "year",
            "days",
            "ago",
            "two ",
            "mid",
            "-",
            "é",
            "ſ",
            "\u{212A}",
            ",",
            "transfer ",
            "new ",
            "night",
        ];
        // Texts of up to 14 pieces, drawn by proptest's deterministic runner.
        let strategy = proptest::collection::vec(proptest::sample::select(pieces), 0..14);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let generated: Vec<String> = (0..2_000)
            .filter_map(|_| strategy.new_tree(&mut runner).ok())
            .map(|tree| tree.current().concat())
            .collect();
        let texts = || {
            written
                .into_iter()
                .chain(generated.iter().map(String::as_str))
        };
        crate::alternation::assert_same(&TIME, texts());
        crate::alternation::assert_same(&REPORTED, texts());
    }
}
