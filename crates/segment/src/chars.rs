//! Character classes used by the scanner.

/// True for characters that separate tokens and belong to no token:
/// whitespace, control characters (NUL included) and invisible format marks
/// (zero-width space, word joiner, byte-order mark).
#[inline]
pub(crate) fn is_gap(c: char) -> bool {
    if c.is_ascii() {
        return (c as u8) <= b' ' || c == '\x7f';
    }
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// How many line breaks `c` counts for (a paragraph separator or form feed
/// counts as a blank line). `\r` is handled by the caller (`\r\n` is one).
#[inline]
pub(crate) fn newlines_of(c: char) -> u8 {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{85}' | '\u{2028}' => 1,
        '\u{0C}' | '\u{2029}' => 2,
        _ => 0,
    }
}

/// Combining marks and other characters that extend the previous one and
/// must never start a token of their own (a common subset of Mn/Me, variation
/// selectors, zero-width joiner, emoji skin-tone modifiers).
#[inline]
pub(crate) fn is_extend(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0900..=0x0903
        | 0x093A..=0x094F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C | 0x200D
        | 0x20D0..=0x20FF
        | 0x302A..=0x302F
        | 0x3099 | 0x309A
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
}

/// Han ideographs, kana and other scripts written without spaces: a run of
/// them is one token.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // kana
        | 0x3400..=0x4DBF     // CJK ext A
        | 0x4E00..=0x9FFF     // CJK unified
        | 0xF900..=0xFAFF     // compatibility
        | 0x31F0..=0x31FF
        | 0xFF66..=0xFF9F     // half-width kana
        | 0x20000..=0x2FA1F)
}

/// Emoji and pictographs (split from letters; a run of them is one token).
#[inline]
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF
        | 0x2600..=0x27BF
        | 0x2B00..=0x2BFF
        | 0x2300..=0x23FF)
}

/// Punctuation that is always a token of its own, wherever it stands.
#[inline]
pub(crate) fn is_always_split(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '‘'
            | '‚'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ';'
            | '!'
            | '?'
            | '…'
            | '—'
            | '–'
            | '―'
            | '|'
            | '¿'
            | '¡'
            | '•'
            | '·'
            | '*'
            | '<'
            | '>'
            | '、'
            | '。'
            | '，'
            | '！'
            | '？'
            | '：'
            | '；'
            | '「'
            | '」'
            | '『'
            | '』'
            | '（'
            | '）'
            | '《'
            | '》'
            | '【'
            | '】'
            | '〈'
            | '〉'
            | '・'
            | '।'
            | '॥'
            | '؟'
            | '،'
            | '؛'
            | '۔'
    )
}

/// Opening quotation marks and brackets.
#[inline]
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '「'
            | '『'
            | '（'
            | '《'
            | '【'
            | '`'
            | '\''
    )
}

/// Closing quotation marks and brackets (straight quotes included).
#[inline]
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '”' | '’' | '\'' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）' | '》' | '】'
    )
}

/// Sentence-final punctuation.
#[inline]
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '。'
            | '！'
            | '？'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '।'
            | '॥'
            | '؟'
            | '۔'
    )
}

/// Currency signs split from the amount ("$" "5.2bn").
#[inline]
pub(crate) fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₩' | '₹' | '₽' | '¢')
}

/// Dashes (hyphen-minus handled apart).
#[inline]
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒' | '⸺' | '⸻')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_gap('\0') && is_gap(' ') && is_gap('\u{3000}') && is_gap('\u{FEFF}'));
        assert!(!is_gap('a') && !is_gap('\u{200D}'));
        assert!(is_extend('\u{0301}') && is_extend('\u{FE0F}'));
        assert!(is_cjk('北') && is_cjk('カ') && !is_cjk('한'));
        assert!(is_emoji('😀') && is_terminal('。') && is_closing('”'));
        assert_eq!(newlines_of('\u{2029}'), 2);
    }
}
