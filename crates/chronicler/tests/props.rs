//! Property tests over the whole pipeline: no stage panics on arbitrary
//! text, and every span of the output, read as code points of `text`,
//! equals its `text` field.

use chronicler::standard_pipeline;
use chronicler_doc::{Document, Meta, NaiveDate};
use chronicler_output::{to_json, WriteOptions};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn pipeline() -> &'static chronicler::Pipeline {
    static P: OnceLock<chronicler::Pipeline> = OnceLock::new();
    P.get_or_init(|| standard_pipeline().expect("the embedded pipeline loads"))
}

/// Checks every object with `start`, `end` and `text` fields, recursively.
fn check_spans(v: &Value, chars: &[char]) {
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e), Some(t)) = (
                m.get("start").and_then(Value::as_u64),
                m.get("end").and_then(Value::as_u64),
                m.get("text").and_then(Value::as_str),
            ) {
                let (s, e) = (s as usize, e as usize);
                assert!(s <= e && e <= chars.len(), "span {s}..{e} outside text");
                let got: String = chars[s..e].iter().collect();
                assert_eq!(got, t, "span {s}..{e}");
            }
            for x in m.values() {
                check_spans(x, chars);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| check_spans(x, chars)),
        _ => {}
    }
}

fn run(text: &str) {
    let meta = Meta {
        id: "p".into(),
        date: NaiveDate::from_ymd_opt(2018, 5, 9),
        ..Meta::default()
    };
    let mut doc = Document::new(meta, text.to_string());
    pipeline()
        .run(&mut doc)
        .expect("the pipeline accepts any text");
    let v = to_json(
        &doc,
        &WriteOptions {
            tokens: true,
            explain: true,
        },
    );
    let chars: Vec<char> = v["text"].as_str().unwrap_or("").chars().collect();
    // Top-level `text` is the document itself; check the layers.
    for k in ["entities", "times", "places", "events", "quotes", "tokens"] {
        check_spans(&v[k], &chars);
    }
    for s in v["sentences"].as_array().into_iter().flatten() {
        let e = s["end"].as_u64().unwrap_or(0) as usize;
        assert!(e <= chars.len());
    }
}

fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Mr. ",
        "Kim Jong-un ",
        "said ",
        "“",
        "”",
        "\"",
        "'",
        "’",
        " met ",
        "Xi ",
        "in ",
        "Beijing",
        " on May 7",
        ". ",
        ", ",
        "\n",
        "\n\n",
        "\r\n",
        "北京",
        "😀",
        "é",
        "e\u{301}",
        "\u{0}",
        "...",
        "—",
        "U.S. ",
        "$5.2bn ",
        "late March ",
        "according to ",
        "Reuters ",
        "protesters attacked ",
        "the ministry ",
        "?",
        "|",
        "  ",
        "\t",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pipeline_never_panics_and_spans_match(text in newsy()) {
        run(&text);
    }

    #[test]
    fn arbitrary_unicode_is_safe(text in "\\PC{0,200}") {
        run(&text);
    }
}

#[test]
fn own_sentences() {
    run("Protesters rallied in Paris on Monday. “We will not stop,” one organiser said.");
    run("");
    run("\n\n\n");
    run(&"\"".repeat(5000));
}

/// `text` run through the whole pipeline as a document of `date`.
fn annotated(text: &str, (y, m, d): (i32, u32, u32)) -> Document {
    let meta = Meta {
        id: "t".into(),
        date: NaiveDate::from_ymd_opt(y, m, d),
        ..Meta::default()
    };
    let mut doc = Document::new(meta, text.to_string());
    pipeline().run(&mut doc).expect("the pipeline runs");
    doc
}

/// The PLOVER types the pipeline codes in `text`.
fn event_types(text: &str) -> Vec<chronicler_doc::PloverEvent> {
    annotated(text, (2018, 5, 9))
        .events()
        .iter()
        .map(|e| e.event)
        .collect()
}

/// "Decline" is a refusal with a complement ("declined to meet", "declined
/// the invitation") and a fall in quantity without one.
#[test]
fn decline_is_a_refusal_only_with_a_complement() {
    use chronicler_doc::PloverEvent::Reject;
    assert!(event_types("Kenya's foreign minister declined to meet the envoy.").contains(&Reject));
    assert!(event_types("Norway declined the invitation from Chile.").contains(&Reject));
    assert!(!event_types("Kenyan exports declined sharply in March.").contains(&Reject));
}

/// An organisation named by its head word and "of" or "for" ("Institute for
/// Coastal Studies") is one actor, not the head word's sector and the rest.
#[test]
fn organisation_head_before_for_keeps_the_whole_name() {
    let text = "Researchers at the Institute for Coastal Studies and the Institute of \
                Marine Biology warned that the river would flood.";
    let doc = annotated(text, (2018, 5, 9));
    let names: Vec<&str> = doc.actors().iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.contains(&"Institute for Coastal Studies"),
        "{names:?}"
    );
    assert!(names.contains(&"Institute of Marine Biology"), "{names:?}");
    assert!(!names.contains(&"Institute"), "{names:?}");
}

/// A critic whose country the text does not give is not made a national of
/// the country it criticises (the sentence's only country is the target).
#[test]
fn the_target_country_is_not_its_critics_nationality() {
    let text = "Opposition leader Anna Kowalski sharply criticized China.";
    let doc = annotated(text, (2018, 5, 9));
    let ev = doc.events().first().expect("an accusation is coded");
    let src = ev.source.as_ref().expect("the critic is the source");
    assert!(
        !src.code.as_deref().is_some_and(|c| c.starts_with("CHN")),
        "{:?}",
        src.code
    );
    let tgt = ev.target.as_ref().expect("China is the target");
    assert_eq!(tgt.code.as_deref(), Some("CHN"));
}

/// "Ahead of X": X is still to come when the clause is told in the present,
/// and the clause itself is not put in the future by it.
#[test]
fn ahead_of_a_meeting() {
    use chronicler_doc::EventStatus;
    let statuses = |text: &str| -> Vec<(String, EventStatus)> {
        let doc = annotated(text, (2018, 5, 9));
        doc.events()
            .iter()
            .map(|e| (doc.span_text(e.trigger).to_string(), e.status))
            .collect()
    };
    let s = statuses(
        "Kenyan President Uhuru Kenyatta wants more support ahead of his meeting with \
         Ugandan President Yoweri Museveni.",
    );
    assert!(
        s.contains(&("meeting".into(), EventStatus::Future)),
        "{s:?}"
    );
    let s = statuses(
        "Ahead of the summit, Kenyan President Uhuru Kenyatta met Ugandan President \
         Yoweri Museveni.",
    );
    assert!(s.contains(&("met".into(), EventStatus::Asserted)), "{s:?}");
}

/// "Talks between the two Koreas and between Washington and Pyongyang": the
/// first group's parties, and a mention naming two countries gives both.
#[test]
fn talks_between_a_pair_named_together() {
    let text = "The envoy said China could join talks between North Korea and South Korea \
                and between Japan and Russia.";
    let doc = annotated(text, (2018, 5, 9));
    let pairs: Vec<(Option<String>, Option<String>)> = doc
        .events()
        .iter()
        .map(|e| {
            (
                e.source
                    .as_ref()
                    .and_then(|a| a.code.clone())
                    .map(String::from),
                e.target
                    .as_ref()
                    .and_then(|a| a.code.clone())
                    .map(String::from),
            )
        })
        .collect();
    assert!(
        pairs.contains(&(Some("PRK".into()), Some("KOR".into()))),
        "{pairs:?}"
    );
    assert!(
        !pairs
            .iter()
            .any(|p| p.1.as_deref() == Some("RUS") && p.0.as_deref() == Some("PRK")),
        "{pairs:?}"
    );
}

/// The (type, source code, target code) triples of the events of `text`.
fn dyads(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let doc = annotated(text, (2024, 3, 15));
    let code = |a: &Option<chronicler_doc::EventArg>| {
        a.as_ref().and_then(|a| a.code.clone()).map(String::from)
    };
    doc.events()
        .iter()
        .map(|e| (format!("{:?}", e.event), code(&e.source), code(&e.target)))
        .collect()
}

/// An act two parties do with each other is coded between them, both ways
/// ("agreed to a truce", "clashed", "held joint drills"); a pledge each
/// makes is not.
#[test]
fn mutual_acts_are_coded_between_the_parties() {
    let d = dyads("Israel and Hamas agreed to a truce on Tuesday.");
    assert!(
        d.contains(&("Agree".into(), Some("ISR".into()), Some("PSEREBHMS".into())))
            && d.contains(&("Agree".into(), Some("PSEREBHMS".into()), Some("ISR".into()))),
        "{d:?}"
    );
    // one noun with two nationality words is two groups
    let d = dyads("Indian and Pakistani troops exchanged fire along the border.");
    assert!(
        d.contains(&(
            "Assault".into(),
            Some("PAKMIL".into()),
            Some("INDMIL".into())
        )) && d.contains(&(
            "Assault".into(),
            Some("INDMIL".into()),
            Some("PAKMIL".into())
        )),
        "{d:?}"
    );
    let d = dyads("Brazil and Peru vowed to protect the forest.");
    assert!(d.iter().all(|e| e.2.is_none()), "{d:?}");
}

/// A participle describing the noun before it is passive: the noun is
/// acted on ("soldiers captured by rebels", "people evacuated by the U.S."),
/// and one accused of an act did it only allegedly.
#[test]
fn reduced_relatives_are_passive() {
    let d = dyads("The army freed three soldiers captured by rebels last year.");
    assert!(
        d.contains(&("Coerce".into(), Some("REB".into()), Some("MIL".into()))),
        "{d:?}"
    );
    let d = dyads("Hundreds of people evacuated from Haiti by the U.S. arrived in Miami.");
    assert!(
        d.iter().any(|e| e.0 == "Aid"
            && e.1.as_deref() == Some("USA")
            && e.2.as_deref() != Some("USA")),
        "{d:?}"
    );
    let doc = annotated(
        "The Treasury imposed sanctions on five individuals accused of helping the Houthis.",
        (2024, 3, 15),
    );
    let aid = doc
        .events()
        .iter()
        .find(|e| e.event == chronicler_doc::PloverEvent::Aid)
        .expect("the alleged help is coded");
    assert_eq!(aid.status, chronicler_doc::EventStatus::Reported);
    assert!(
        !doc.events()
            .iter()
            .any(|e| e.event == chronicler_doc::PloverEvent::Accuse
                && e.source
                    .as_ref()
                    .is_some_and(|s| s.name.contains("individuals"))),
        "the accused are not the accusers"
    );
}

/// A subject or object that is no one negates its verb ("No soldiers were
/// killed", "killed no civilians"), but "no fewer than 20" is a count.
#[test]
fn no_one_negates() {
    use chronicler_doc::EventStatus;
    let status = |text: &str| {
        let doc = annotated(text, (2024, 3, 15));
        doc.events().first().map(|e| e.status)
    };
    assert_eq!(
        status("No soldiers were killed in the attack."),
        Some(EventStatus::Negated)
    );
    assert_eq!(
        status("The army killed no civilians."),
        Some(EventStatus::Negated)
    );
    assert_eq!(
        status("Gunmen killed no fewer than 20 people."),
        Some(EventStatus::Asserted)
    );
}

/// A relative pronoun object stands for the noun its clause describes:
/// the one blamed or accused is the target, and did the act accused of.
#[test]
fn relative_objects_are_their_antecedents() {
    let doc = annotated(
        "The Kurdistan Workers' Party, which Turkey blames for the bombing, denied any \
         involvement. The envoy met Ali Hassan, whom the government accuses of funding the \
         rebels.",
        (2024, 3, 15),
    );
    let find = |ev: chronicler_doc::PloverEvent| {
        doc.events().iter().find(|e| e.event == ev).map(|e| {
            (
                e.source.as_ref().map(|a| a.name.clone()),
                e.target.as_ref().map(|a| a.name.clone()),
            )
        })
    };
    use chronicler_doc::PloverEvent::{Accuse, Aid};
    assert_eq!(
        find(Accuse),
        Some((
            Some("Turkey".into()),
            Some("Kurdistan Workers' Party".into())
        ))
    );
    assert_eq!(find(Aid).and_then(|x| x.0), Some("Ali Hassan".into()));
    // and an object after the verb is no speaker: "denied any involvement"
    assert!(
        !doc.quotes().iter().any(|q| q
            .speaker
            .as_ref()
            .is_some_and(|s| s.name.contains("involvement"))),
        "{:?}",
        doc.quotes()
    );
}

/// The country before a sanctions noun that is a verb's object is the one
/// sanctioned, the verb's subject (or the speaker its pronoun stands for)
/// the one imposing them; before a sanctions noun that is a subject, the
/// country imposes them.
#[test]
fn country_sanctions() {
    let d = dyads("EU says it could reimpose Venezuela sanctions if Machado is barred");
    assert!(
        d.contains(&(
            "Sanction".into(),
            Some("IGOEUREEC".into()),
            Some("VEN".into())
        )),
        "{d:?}"
    );
    let d = dyads("U.S. sanctions have hurt the Iranian economy.");
    assert!(d.iter().any(|e| e.1.as_deref() == Some("USA")), "{d:?}");
    // the country of a verb's own sanctions noun is their target, not the
    // sentence's country for the one imposing them
    let d = dyads("The Senate voted to tighten Iran sanctions on Tuesday.");
    assert!(
        d.contains(&("Sanction".into(), Some("LEG".into()), Some("IRN".into()))),
        "{d:?}"
    );
    // sanctions to be lifted are not imposed
    let d = dyads("Washington agreed to lift Venezuela sanctions.");
    assert!(
        !d.iter().any(|e| e.0 == "Sanction" || e.0 == "Threaten"),
        "{d:?}"
    );
}

/// Wire phrasings the parser or tagger gets wrong: "said it struck" with
/// "it" as the object of "said" and "struck" tagged as a base form, a
/// gerund whose parties are in its between-phrase, a bid approved.
#[test]
fn wire_phrasings() {
    let d =
        dyads("Israel's military said it struck Hezbollah targets in southern Lebanon on Sunday.");
    assert!(
        d.iter()
            .any(|e| e.0 == "Assault" && e.1.as_deref() == Some("ISRMIL")),
        "{d:?}"
    );
    let d = dyads("Thousands of people fled their homes after fighting between the army and rebels intensified.");
    assert!(
        d.iter().any(|e| e.0 == "Assault"
            && e.1.as_deref() == Some("MIL")
            && e.2.as_deref() == Some("REB")),
        "{d:?}"
    );
    let d = dyads("Turkey's parliament voted to approve Sweden's bid to join NATO.");
    assert!(
        d.contains(&("Support".into(), Some("TURLEG".into()), Some("SWE".into()))),
        "{d:?}"
    );
}

/// A protest is aimed at the authorities where it happens, not at the
/// city; a state never protests to itself; a stretch of time is no party;
/// envoys recalled and emergencies extended are coded.
#[test]
fn protests_times_envoys_and_emergencies() {
    let d = dyads("Thousands of Georgians rallied outside parliament in Tbilisi on Sunday.");
    assert!(
        d.iter()
            .any(|e| e.0 == "Protest" && e.2.as_deref() == Some("GEOGOV")),
        "{d:?}"
    );
    let d = dyads("Pakistan summoned the Afghan envoy to protest against the attack.");
    assert!(!d.iter().any(|e| e.2.as_deref() == Some("PAKGOV")), "{d:?}");
    let d = dyads("The rebels seized the town after days of heavy fighting with Congolese troops.");
    assert!(
        d.iter()
            .filter(|e| e.0 == "Assault")
            .all(|e| e.1.as_deref() != Some("COG")),
        "{d:?}"
    );
    let t = event_types("Venezuela recalled its envoy from Buenos Aires.");
    assert!(t.contains(&chronicler_doc::PloverEvent::Sanction), "{t:?}");
    let t = event_types("Myanmar's military junta extended the state of emergency by six months.");
    assert!(t.contains(&chronicler_doc::PloverEvent::Coerce), "{t:?}");
}

/// A warning of a danger is no threat; a warning that the speaker's side
/// will act is.
#[test]
fn a_warning_is_a_threat_only_of_ones_own_act() {
    let t = event_types("The World Food Programme warned that its stocks could run out by May.");
    assert!(!t.contains(&chronicler_doc::PloverEvent::Threaten), "{t:?}");
    let t = event_types("The Saudis have warned they could sell off their U.S. assets.");
    assert!(t.contains(&chronicler_doc::PloverEvent::Threaten), "{t:?}");
}

/// Officials arriving pay a visit; attackers and crowds do not, and troops
/// arriving abroad are deployed (peacekeepers are aid).
#[test]
fn who_arrives_pays_a_visit() {
    let d = dyads("The attackers arrived on motorbikes at dawn.");
    assert!(d.is_empty(), "{d:?}");
    let d = dyads("Russian troops arrived in Belarus on Monday for joint exercises.");
    assert!(
        d.contains(&("Mobilize".into(), Some("RUSMIL".into()), Some("BLR".into()))),
        "{d:?}"
    );
    let t = event_types("British peacekeepers arrived in Mali to join the United Nations mission.");
    assert!(t.contains(&chronicler_doc::PloverEvent::Aid), "{t:?}");
    let t = event_types("President Macron arrived in Beijing on Thursday.");
    assert!(t.contains(&chronicler_doc::PloverEvent::Consult), "{t:?}");
}

/// Where words or agreements are given is their scene, not their target
/// ("signed a deal in Washington"); the place an act lands on is its
/// target ("threatened to impose a curfew in Algiers").
#[test]
fn a_scene_is_no_target_but_an_acts_place_is() {
    let d = dyads("Armenia and Azerbaijan signed a peace deal in Washington.");
    assert!(!d.iter().any(|e| e.2.as_deref() == Some("USA")), "{d:?}");
    assert!(
        d.contains(&("Support".into(), Some("ARM".into()), Some("AZE".into()))),
        "{d:?}"
    );
    let d = dyads("The president threatened to impose a curfew in Algiers.");
    assert!(d.iter().any(|e| e.2.as_deref() == Some("DZA")), "{d:?}");
}

/// A crowd counted by a plural quantity acts ("Thousands protested"); a
/// quantity of things does not.
#[test]
fn counted_crowds_protest() {
    use chronicler_doc::PloverEvent::Protest;
    assert!(event_types("Thousands protested in Nairobi on Monday.").contains(&Protest));
    assert!(event_types("Tens of thousands rallied against the government.").contains(&Protest));
    assert!(event_types("Hundreds of students marched through the capital.").contains(&Protest));
}

/// "Demonstrate" is a protest without an object and a showing with one; a
/// tear-gas volley needs its target.
#[test]
fn demonstrate_and_tear_gas() {
    use chronicler_doc::PloverEvent::{Assault, Protest};
    assert!(event_types("Thousands demonstrated against the war in London.").contains(&Protest));
    assert!(
        !event_types("Kenya's president demonstrated his strength in the vote.").contains(&Protest)
    );
    assert!(event_types("Police fired tear gas at demonstrators in Caracas.").contains(&Assault));
}

/// The act someone is accused or blamed of is theirs, and alleged.
#[test]
fn the_accused_did_the_act() {
    use chronicler_doc::{EventStatus, PloverEvent};
    let text = "Kenya accused Somalia of attacking a Kenyan village.";
    let doc = annotated(text, (2019, 6, 3));
    let attack = doc
        .events()
        .iter()
        .find(|e| e.event == PloverEvent::Assault)
        .expect("the attack is coded");
    let src = attack.source.as_ref().expect("a source");
    assert_eq!(src.code.as_deref(), Some("SOM"), "{src:?}");
    assert_eq!(attack.status, EventStatus::Reported);
}

/// A person named after a nationality adjective and a title is the target,
/// not the adjective, whatever the parse makes the adjective.
#[test]
fn met_a_titled_foreign_leader() {
    let text =
        "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday.";
    let doc = annotated(text, (2022, 6, 3));
    let ev = doc.events().first().expect("the meeting is coded");
    let tgt = ev.target.as_ref().expect("a target");
    assert_eq!(tgt.name, "Vladimir Putin");
    assert_eq!(tgt.code.as_deref(), Some("RUSGOV"));
}

/// Weapons sent and loans approved are aid.
#[test]
fn weapons_sent_and_loans_approved_are_aid() {
    use chronicler_doc::PloverEvent::Aid;
    assert!(event_types("Poland sent tanks to Ukraine.").contains(&Aid));
    assert!(event_types("The World Bank approved a $500 million loan to Kenya.").contains(&Aid));
    assert!(!event_types("The mayor approved the budget.").contains(&Aid));
}

/// The names each pronoun of `text` is resolved to, in text order.
fn pronoun_referents(text: &str) -> Vec<(String, String)> {
    let doc = annotated(text, (2018, 5, 9));
    let mut out = Vec::new();
    for a in doc.actors() {
        for m in &a.mentions {
            let t = doc.span_text(m.span);
            if ["he", "him", "his", "she", "her"].contains(&t.to_lowercase().as_str()) {
                out.push((m.span.start(), t.to_string(), a.name.clone()));
            }
        }
    }
    out.sort();
    out.into_iter()
        .map(|(_, p, n)| (p, n.to_string()))
        .collect()
}

/// "He" goes to the subject before the last name, never to a person of the
/// other sex, and inside a quote not to the one quoted.
#[test]
fn pronouns_prefer_subjects_and_respect_sex() {
    let r =
        pronoun_referents("Tomas Brandt met Viktor Hale in Vienna. He said the talks went well.");
    assert_eq!(r, [("He".into(), "Tomas Brandt".into())]);
    let r =
        pronoun_referents("Mary Kessler met Robert Lane on Monday. She thanked him for the visit.");
    assert!(r.contains(&("She".into(), "Mary Kessler".into())), "{r:?}");
    assert!(r.contains(&("him".into(), "Robert Lane".into())), "{r:?}");
    let r =
        pronoun_referents("Mr. Lane criticized Paul Ortega. \"He has no plan,\" Mr. Lane said.");
    assert!(r.contains(&("He".into(), "Paul Ortega".into())), "{r:?}");
    // names the census does not know take their sex from pronouns that
    // can only be theirs
    let r = pronoun_referents(
        "Dalir Haskins thanked his staff. The vote was close. Ngozi Adeyemi thanked her \
         staff too. Adeyemi later met Haskins, and he praised her plan.",
    );
    assert!(r.contains(&("he".into(), "Dalir Haskins".into())), "{r:?}");
    assert!(r.contains(&("her".into(), "Ngozi Adeyemi".into())), "{r:?}");
    // people of the knowledge base have their known sex, whatever their
    // first name says: the host is the subject, but "she" is the guest
    let r = pronoun_referents(
        "Xi Jinping welcomed Tsai Ing-wen in Beijing on Monday. She said the talks were useful.",
    );
    assert_eq!(r, [("She".into(), "Tsai Ing-wen".into())]);
    // an honorific keeps a surname from the namesake of the other sex
    let doc = annotated(
        "Laura Vance and Robert Vance attended the dinner. Mrs. Vance said she enjoyed it.",
        (2018, 5, 9),
    );
    let laura = doc
        .actors()
        .iter()
        .find(|a| a.name == "Laura Vance")
        .expect("Laura Vance is an actor");
    let texts: Vec<&str> = laura
        .mentions
        .iter()
        .map(|m| doc.span_text(m.span))
        .collect();
    assert!(
        texts.contains(&"Vance") || texts.contains(&"Mrs. Vance"),
        "{texts:?}"
    );
    assert!(texts.contains(&"she"), "{texts:?}");
}

/// A person name the tagger splits in two ("Kim" + "Yo Jong") or types as an
/// organisation in the headline is one person, and a pronoun two sentences
/// after the name takes the referent of the pronoun before it.
#[test]
fn split_names_and_pronoun_chains() {
    let text = "North Korea turns down offer of talks, Kim Yo Jong says\n\nNorth Korea has no \
                interest in talks with the South, Kim Yo Jong, the sister of leader Kim Jong Un, \
                said on Friday. \"We will not sit at the same table,\" she said in a statement. \
                She also criticised joint drills by the South and the United States.";
    let r = pronoun_referents(text);
    assert_eq!(
        r,
        [
            ("she".into(), "Kim Yo Jong".into()),
            ("She".into(), "Kim Yo Jong".into())
        ]
    );
    let doc = annotated(text, (2024, 3, 15));
    let kim = doc
        .actors()
        .iter()
        .find(|a| a.name == "Kim Yo Jong")
        .expect("one actor for the whole name");
    assert_eq!(kim.kind, chronicler_doc::ActorKind::Person);
}

/// A subordinate clause told in the past is not put in the future by its
/// main clause ("will feel safer because the plan has been backed by ...").
#[test]
fn a_past_reason_under_a_future_clause_is_asserted() {
    use chronicler_doc::{EventStatus, PloverEvent};
    let doc = annotated(
        "Officials in Nairobi will feel safer because Kenya's plan has been backed by Ethiopia.",
        (2018, 5, 9),
    );
    let ev = doc
        .events()
        .iter()
        .find(|e| e.event == PloverEvent::Support)
        .expect("the backing is coded");
    assert_eq!(ev.status, EventStatus::Asserted);
    let tgt = ev.target.as_ref().expect("the plan's owner is the target");
    assert_eq!(tgt.code.as_deref(), Some("KEN"));
}

/// Noun compounds code by their modifier: an air or missile strike is an
/// attack and a hunger strike a protest, not a labour strike; a phone call is
/// a consultation, not a request. A word inside an organisation's name is no
/// trigger ("Rapid Support Forces" support nothing).
#[test]
fn compounds_and_names() {
    use chronicler_doc::PloverEvent::{Assault, Consult, Protest, Request, Support};
    let t = event_types("Russia carried out an air strike on Kharkiv.");
    assert!(t.contains(&Assault) && !t.contains(&Protest), "{t:?}");
    let t = event_types("Ukrainian drone strikes hit a refinery in Ryazan.");
    assert!(t.contains(&Assault) && !t.contains(&Protest), "{t:?}");
    let t = event_types("Biden held a phone call with Macron on Monday.");
    assert!(t.contains(&Consult) && !t.contains(&Request), "{t:?}");
    let t = event_types("The Rapid Support Forces agreed to a truce with the army.");
    assert!(!t.contains(&Support), "{t:?}");
}

/// A planned visit abroad has its host as the target, as a visit has.
#[test]
fn a_planned_visit_targets_the_host() {
    let doc = annotated("Erdogan will visit Baghdad next week.", (2024, 3, 15));
    let ev = doc.events().first().expect("the planned visit is coded");
    let tgt = ev.target.as_ref().expect("the host is the target");
    assert_eq!(tgt.code.as_deref(), Some("IRQ"));
}

/// A place after a preposition and a role word inside an organisation's
/// name belong to the name, which takes its country and sector from them.
#[test]
fn organisation_names_keep_their_place_and_role_words() {
    let doc = annotated(
        "The Central Bank of Kenya raised interest rates. The U.S. Embassy in Georgia \
         said it was concerned.",
        (2024, 3, 15),
    );
    let find = |n: &str| doc.actors().iter().find(|a| a.name == n).cloned();
    let bank = find("Central Bank of Kenya").expect("the bank is one actor");
    assert_eq!(bank.country.as_deref(), Some("KEN"));
    let embassy = find("Embassy in Georgia").expect("the embassy keeps its place");
    assert_eq!(embassy.country.as_deref(), Some("USA"));
}

/// A source asking not to be named makes no request, and a claim of a
/// deed ("claimed responsibility") is no report, while a claim that
/// something is so still is.
#[test]
fn anonymity_and_claimed_responsibility() {
    let doc = annotated(
        "A resident, who asked not to be named, said the gunmen fled at dawn. An official \
         who requested anonymity to discuss the case said the talks had failed. No group has \
         claimed responsibility for the attack, but rebels often operate in the area. The \
         rebels claimed the army had fired first.",
        (2024, 3, 15),
    );
    let kinds: Vec<String> = doc
        .events()
        .iter()
        .map(|e| format!("{:?}", e.event))
        .collect();
    assert!(!kinds.contains(&"Request".to_string()), "{kinds:?}");
    assert!(!kinds.contains(&"Consult".to_string()), "{kinds:?}");
    let quotes: Vec<&str> = doc.quotes().iter().map(|q| doc.span_text(q.span)).collect();
    assert!(
        !quotes.iter().any(|q| q.contains("responsibility")),
        "{quotes:?}"
    );
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("the army had fired first")),
        "{quotes:?}"
    );
    assert!(
        quotes.iter().any(|q| q.contains("gunmen fled")),
        "{quotes:?}"
    );
    // the speaker is the official, not the case the clause describing
    // them discusses
    let q = doc
        .quotes()
        .iter()
        .find(|q| doc.span_text(q.span).contains("talks had failed"))
        .expect("the report is found");
    let sp = q.speaker.as_ref().expect("the report has its speaker");
    assert_eq!(sp.name, "An official", "{sp:?}");
}

/// Coordinated sources ("local officials and a security source said"), a
/// source described by a clause after "according to", and a resident who
/// is no president.
#[test]
fn unnamed_sources_of_an_attack_report() {
    let doc = annotated(
        "Gunmen killed at least 14 civilians in an attack on a village in Ruvania on \
         Wednesday, local officials and a security source said. The attackers set fire to the \
         market, according to a resident who asked not to be named. Several women were among \
         the dead, the resident said.",
        (2024, 3, 15),
    );
    let speakers: Vec<(&str, Option<&str>)> = doc
        .quotes()
        .iter()
        .map(|q| {
            (
                doc.span_text(q.span),
                q.speaker.as_ref().map(|s| s.name.as_str()),
            )
        })
        .collect();
    assert!(
        speakers.iter().any(|(q, s)| q.starts_with("Gunmen killed")
            && *s == Some("local officials and a security source")),
        "{speakers:?}"
    );
    assert!(
        speakers
            .iter()
            .any(|(q, s)| q.contains("set fire") && *s == Some("a resident")),
        "{speakers:?}"
    );
    assert!(
        speakers
            .iter()
            .any(|(q, s)| q.starts_with("Several women") && *s == Some("the resident")),
        "{speakers:?}"
    );
}

/// A quote whose closing mark was forgotten ends where its attribution
/// begins, and keeps its speaker; "it said" names the organisation.
#[test]
fn unclosed_quote_keeps_its_speaker() {
    let doc = annotated(
        "\"The count was rigged from the start, party spokesman Tomas Brandt told \
         reporters on Friday.\n\nHe said the party would appeal.\n\nThe Lakeland Farmers \
         Union rejected the plan because, it said, the prices were too low.",
        (2024, 3, 15),
    );
    let q = doc
        .quotes()
        .iter()
        .find(|q| doc.span_text(q.span).starts_with("The count"))
        .expect("the quote is found");
    assert!(
        !doc.span_text(q.span).contains("told"),
        "{:?}",
        doc.span_text(q.span)
    );
    let sp = q.speaker.as_ref().expect("the quote has its speaker");
    assert_eq!(sp.name, "Tomas Brandt");
    // and "he" after it is the speaker, not someone inside a quote
    let q = doc
        .quotes()
        .iter()
        .find(|q| doc.span_text(q.span).contains("appeal"))
        .expect("the report is found");
    let sp = q.speaker.as_ref().expect("the report has its speaker");
    assert_eq!(sp.name, "Tomas Brandt");
    let it = doc
        .actors()
        .iter()
        .find(|a| a.mentions.iter().any(|m| doc.span_text(m.span) == "it"));
    assert_eq!(it.map(|a| a.name.as_str()), Some("Lakeland Farmers Union"));
}

/// A bare participle in a condition or time clause ("if convicted", "when
/// pressed", "if attacked") is passive: the main clause's subject is the one
/// acted on, not the actor, and the condition is no threat.
#[test]
fn bare_participles_are_passive() {
    let doc = annotated(
        "The journalist faces six years in prison if convicted. If attacked, Poland \
         will respond.",
        (2024, 3, 15),
    );
    for e in doc.events() {
        let src = e.source.as_ref().map(|a| a.name.as_str());
        assert!(!matches!(src, Some("journalist" | "Poland")), "{e:?}");
        assert_ne!(e.event, chronicler_doc::PloverEvent::Threaten, "{e:?}");
    }
}

/// The place of the people addressed is where the frame's events happen
/// ("told reporters in Berlin after a meeting with ...").
#[test]
fn place_under_the_people_addressed() {
    let doc = annotated(
        "“We will stay the course,” Olaf Scholz told reporters in Berlin after a meeting \
         with Dutch Prime Minister Mark Rutte.",
        (2024, 3, 15),
    );
    let ev = doc
        .events()
        .iter()
        .find(|e| e.event == chronicler_doc::PloverEvent::Consult)
        .expect("the meeting is coded");
    let loc = ev.location.as_ref().expect("a place");
    assert_eq!(loc.name, "Berlin");
}
