//! End-to-end checks on the seed article (reads `/work/shared`; skipped when
//! absent) and on sentences written for these tests.

#[path = "../examples/common/mod.rs"]
mod common;

use chronicler_doc::{Event, EventStatus, PloverEvent};
use chronicler_events::EventCoder;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/examples/000_076062065c57b403.txt"
);

fn code(text: &str, date: &str) -> Option<Vec<Event>> {
    let pipe = match common::Pipeline::load() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("skipping: pipeline not loadable: {e}");
            return None;
        }
    };
    let doc = pipe.run(text, Some(date)).ok()?;
    let evs = EventCoder::new().annotate(&doc);
    // Shown on failure (or with --nocapture).
    for e in &evs {
        eprintln!(
            "{:?} {:?} {:?} -> {:?} {:?} {:?} s{}",
            e.event,
            e.cameo,
            e.source.as_ref().map(|a| (&a.name, &a.code)),
            e.target.as_ref().map(|a| (&a.name, &a.code)),
            e.status,
            e.date,
            e.sentence
        );
    }
    Some(evs)
}

fn find<'a>(evs: &'a [Event], ty: PloverEvent, src: &str, tgt: Option<&str>) -> Option<&'a Event> {
    evs.iter().find(|e| {
        e.event == ty
            && e.source.as_ref().and_then(|a| a.actor.as_deref()) == Some(src)
            && tgt.is_none_or(|t| e.target.as_ref().and_then(|a| a.actor.as_deref()) == Some(t))
    })
}

#[test]
fn seed_article() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipping: {SEED} not found (shared data absent)");
        return;
    };
    let Some(evs) = code(&text, "2018-05-09") else {
        return;
    };
    // Kim Jong-un visits Xi Jinping in Dalian on 7 May 2018
    let dalian = find(
        &evs,
        PloverEvent::Consult,
        "kim-jong-un",
        Some("xi-jinping"),
    )
    .expect("Kim -> Xi CONSULT");
    assert_eq!(dalian.status, EventStatus::Asserted);
    assert_eq!(dalian.date.as_deref(), Some("2018-05-07"));
    assert_eq!(dalian.mode.as_deref(), Some("visit"));
    assert_eq!(
        dalian.location.as_ref().map(|l| l.name.as_str()),
        Some("Dalian")
    );
    // the March visit to Beijing, by Kim Jong-un
    assert!(evs.iter().any(|e| e.event == PloverEvent::Consult
        && e.source.as_ref().and_then(|a| a.actor.as_deref()) == Some("kim-jong-un")
        && e.date.as_deref() == Some("2018-03")
        && e.status == EventStatus::Asserted));
    // Kim and Moon in late April
    let moon = find(
        &evs,
        PloverEvent::Consult,
        "kim-jong-un",
        Some("moon-jae-in"),
    )
    .expect("Kim -> Moon");
    assert_eq!(moon.date.as_deref(), Some("2018-04"));
    // Kim Jong-il and Li Keqiang in Dalian, 2010
    let old = find(
        &evs,
        PloverEvent::Consult,
        "kim-jong-il",
        Some("li-keqiang"),
    )
    .expect("Kim Jong-il -> Li");
    assert_eq!(old.date.as_deref(), Some("2010"));
    assert_eq!(
        old.location.as_ref().map(|l| l.name.as_str()),
        Some("Dalian")
    );
    // Xi's planned visit: intent to meet, future
    let xi = evs
        .iter()
        .find(|e| {
            e.source.as_ref().and_then(|a| a.actor.as_deref()) == Some("xi-jinping")
                && e.status == EventStatus::Future
        })
        .expect("Xi's planned visit");
    assert_eq!(xi.event, PloverEvent::Agree);
    assert_eq!(xi.cameo.as_deref(), Some("036"));
    // sanctions by China
    assert!(evs.iter().any(|e| e.event == PloverEvent::Sanction
        && e.source
            .as_ref()
            .and_then(|a| a.code.as_deref())
            .is_some_and(|c| c.starts_with("CHN"))));
    // the urging by the United States
    assert!(evs.iter().any(|e| e.event == PloverEvent::Request
        && e.source.as_ref().and_then(|a| a.actor.as_deref()) == Some("country-usa")));
    // the speculated request to lift sanctions
    let ask = find(
        &evs,
        PloverEvent::Request,
        "kim-jong-un",
        Some("xi-jinping"),
    )
    .expect("Kim asks Xi");
    assert_eq!(ask.status, EventStatus::Hypothetical);
    // no asserted Kim-Trump meeting
    assert!(!evs.iter().any(|e| {
        let ids = [e.source.as_ref(), e.target.as_ref()]
            .map(|a| a.and_then(|a| a.actor.as_deref()).unwrap_or(""));
        ids.contains(&"kim-jong-un")
            && ids.iter().any(|i| i.contains("trump"))
            && e.status == EventStatus::Asserted
    }));
}

#[test]
fn written_sentences() {
    let text = "Police arrested dozens of protesters in Nairobi on Tuesday.\n\nThe Kenyan president will visit Uganda next week.\n\nIndia did not sign the trade agreement with Pakistan.\n\nRussian forces shelled Kharkiv on Monday, Ukrainian officials said.";
    let Some(evs) = code(text, "2022-03-02") else {
        return;
    };
    assert!(
        evs.iter().any(|e| e.event == PloverEvent::Coerce),
        "arrest coded as COERCE"
    );
    assert!(
        evs.iter().any(|e| e.status == EventStatus::Future),
        "a planned visit is future"
    );
    assert!(
        evs.iter().any(|e| e.status == EventStatus::Negated),
        "did not sign is negated"
    );
    assert!(evs
        .iter()
        .all(|e| e.explain.as_deref().is_some_and(|x| x.contains("lexicon"))));
}

#[test]
fn argument_frames() {
    let text = "Rebel positions were shelled by Syrian government troops on Monday.\n\nTalks between Israel and Egypt were held in Cairo on Sunday.\n\nIran refused to meet the American envoy.\n\nReal Madrid beat Barcelona 3-1 in a league match on Saturday.";
    let Some(evs) = code(text, "2019-06-04") else {
        return;
    };
    assert!(
        evs.iter()
            .any(|e| e.event == PloverEvent::Assault && e.sentence == 0 && e.source.is_some()),
        "passive agent is the source"
    );
    assert!(
        evs.iter().any(|e| e.event == PloverEvent::Consult
            && e.sentence == 1
            && e.source
                .as_ref()
                .and_then(|a| a.code.as_deref())
                .is_some_and(|c| c.starts_with("ISR"))
            && e.target
                .as_ref()
                .and_then(|a| a.code.as_deref())
                .is_some_and(|c| c.starts_with("EGY"))),
        "talks between A and B"
    );
    assert!(
        evs.iter()
            .any(|e| e.event == PloverEvent::Reject && e.sentence == 2),
        "refusing to meet is a rejection"
    );
    assert!(
        !evs.iter().any(|e| e.sentence == 3),
        "sport results are not coded"
    );
}

#[test]
fn lexicon_families() {
    let text = "Chile has rejected a Peruvian proposal to share the river, a spokesman said Friday.\n\nFarmers marched in Lyon to protest the new fuel tax.\n\nJapan on Monday gave Laos three million dollars of aid for school projects.\n\nKenya lifted a state of emergency in the coastal region on Sunday.\n\nHungary said it will not accept any refugees.\n\nThe Thai army is opposed to the new constitution.\n\nThe junta imposed martial law in the capital on Friday.\n\nPeru rejected Chile's demand to close the border.\n\nTwo hundred Kenyan soldiers arrived in Mogadishu on Monday.\n\nForty political prisoners were released on Monday.";
    let Some(evs) = code(text, "2021-04-12") else {
        return;
    };
    let has = |s: u32, ty: PloverEvent| evs.iter().any(|e| e.sentence == s && e.event == ty);
    assert!(
        has(0, PloverEvent::Reject),
        "a parenthetical 'said' is no complement of 'rejected'"
    );
    assert!(has(1, PloverEvent::Protest), "marching is a protest");
    assert!(
        !has(1, PloverEvent::Accuse),
        "'to protest' is not 'protest to'"
    );
    assert!(
        has(2, PloverEvent::Aid),
        "'dollars of aid' completes 'give aid'"
    );
    assert!(
        has(3, PloverEvent::Concede),
        "'a state of emergency' completes 'lift emergency'"
    );
    assert!(
        has(4, PloverEvent::Reject),
        "'will not accept refugees' is a rejection"
    );
    assert!(!has(4, PloverEvent::Aid), "a refused admission is no aid");
    assert!(
        has(5, PloverEvent::Reject),
        "'is opposed to' has its subject as source"
    );
    assert!(
        evs.iter()
            .any(|e| e.sentence == 6 && e.cameo.as_deref() == Some("1724")),
        "'martial law' completes 'impose martial law'"
    );
    assert!(
        evs.iter().any(|e| e.sentence == 7
            && e.event == PloverEvent::Reject
            && e.target.as_ref().and_then(|a| a.code.as_deref()) == Some("CHL")),
        "the author of a rejected demand is the target"
    );
    assert!(
        has(8, PloverEvent::Mobilize) && !has(8, PloverEvent::Consult),
        "arriving soldiers are deployed, not visiting"
    );
    assert!(
        has(9, PloverEvent::Retreat),
        "a release is coded with an unknown agent"
    );
}
