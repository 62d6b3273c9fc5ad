//! Property tests: no panic, spans on char boundaries inside the text.

use chronicler_doc::{Document, Meta, NaiveDate};
use chronicler_timeplace::{governing_time, PlaceResolver, TimeTagger};
use proptest::prelude::*;
use std::sync::OnceLock;

fn stages() -> &'static (TimeTagger, PlaceResolver) {
    static S: OnceLock<(TimeTagger, PlaceResolver)> = OnceLock::new();
    S.get_or_init(|| (TimeTagger::new(), PlaceResolver::new()))
}

fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "May",
        "7",
        "2018",
        "late",
        "June",
        "or",
        "July",
        "-",
        "–",
        "/",
        "'",
        "’",
        "s",
        "the",
        "peninsula",
        "Paris",
        ",",
        "Texas",
        "last",
        "year",
        "ago",
        "two",
        "weeks",
        "since",
        "Q",
        "3",
        "mid",
        "“",
        "”",
        "é",
        "北京",
        "😀",
        "\u{301}",
        "\r\n",
        "\0",
        ".",
        "Mr",
        "Kim",
        "North",
        "Korea",
        "between",
        "and",
        "from",
        "to",
        "every",
        "Monday",
        "fiscal",
        "FY",
        "21st",
        "century",
        "1990s",
        "$",
        "%",
        "province",
        "Liaoning",
        "the strip",
        " ",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn spans_are_valid(s in text(), glued in any::<bool>()) {
        let s = if glued { s.replace(' ', "") } else { s };
        let (t, p) = stages();
        let meta = Meta { date: NaiveDate::from_ymd_opt(2018, 5, 9), ..Meta::default() };
        let doc = Document::new(meta, s.clone());
        let times = t.annotate(&doc);
        for x in &times {
            prop_assert!(x.span.get(&s).is_some(), "{x:?} in {s:?}");
            prop_assert!(!x.span.is_empty());
            let _ = governing_time(&doc, &times, x.span);
        }
        for x in p.annotate(&doc) {
            prop_assert!(x.span.get(&s).is_some(), "{x:?} in {s:?}");
        }
        let _ = t.find(&s, None);
    }

    #[test]
    fn arbitrary_strings_do_not_panic(s in "\\PC{0,80}") {
        let (t, p) = stages();
        for x in t.find(&s, NaiveDate::from_ymd_opt(2020, 2, 29)) {
            prop_assert!(x.span.get(&s).is_some());
        }
        for x in p.find(&s) {
            prop_assert!(x.span.get(&s).is_some());
        }
    }
}
