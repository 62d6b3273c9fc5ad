//! The word-cluster files shared by the POS tagger, the NER tagger and the
//! parser: `clusters.tsv` (`word<TAB>group`) and `cluster_groups.tsv`
//! (`group<TAB>c64<TAB>c256<TAB>c1024`), format and provenance in
//! `data/ner/README.md`.
//!
//! This module only parses and checks the two files; each stage keys the
//! words its own way and stores the result inside its model file, so the
//! running program never reads them.
//!
//! ```
//! use chronicler_learn::clusters::ClusterFiles;
//! let c = ClusterFiles::parse("minister\t1\nran\t0\n", "0\t5\t6\t7\n1\t8\t9\t10\n").unwrap();
//! assert_eq!(c.groups, vec![[5, 6, 7], [8, 9, 10]]);
//! assert_eq!(c.words[0], ("minister".to_string(), 1));
//! ```

use crate::Error;
use std::path::Path;

/// File name of the word → group table.
pub const WORDS_FILE: &str = "clusters.tsv";
/// File name of the group → coarser levels table.
pub const GROUPS_FILE: &str = "cluster_groups.tsv";

/// The parsed cluster files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterFiles {
    /// Coarser levels `[c64, c256, c1024]` of each group, indexed by group.
    pub groups: Vec<[u16; 3]>,
    /// `(word, group)` in file order; every group is below `groups.len()`.
    pub words: Vec<(String, u16)>,
}

impl ClusterFiles {
    /// Reads [`WORDS_FILE`] and [`GROUPS_FILE`] from `dir`.
    pub fn read_dir(dir: &Path) -> Result<ClusterFiles, Error> {
        let read = |name: &str| -> Result<String, Error> {
            let p = dir.join(name);
            std::fs::read_to_string(&p).map_err(|e| Error::Io {
                path: p.display().to_string(),
                source: e,
            })
        };
        let (words, groups) = (read(WORDS_FILE)?, read(GROUPS_FILE)?);
        ClusterFiles::parse_named(
            &words,
            &groups,
            &dir.join(WORDS_FILE).display().to_string(),
            &dir.join(GROUPS_FILE).display().to_string(),
        )
    }

    /// Parses the texts of the two files (blank lines and `#` comments are
    /// skipped; groups must be numbered 0, 1, 2, … in order).
    pub fn parse(words: &str, groups: &str) -> Result<ClusterFiles, Error> {
        ClusterFiles::parse_named(words, groups, WORDS_FILE, GROUPS_FILE)
    }

    fn parse_named(
        words: &str,
        groups: &str,
        words_name: &str,
        groups_name: &str,
    ) -> Result<ClusterFiles, Error> {
        let lines = |text: &str| -> Vec<(usize, String)> {
            text.lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l.trim_end_matches('\r').to_string()))
                .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
                .collect()
        };
        let mut out = ClusterFiles::default();
        for (line, text) in lines(groups) {
            let nums: Option<Vec<u16>> = text.split('\t').map(|x| x.trim().parse().ok()).collect();
            match nums.as_deref() {
                Some([g, a, b, c]) if *g as usize == out.groups.len() => {
                    out.groups.push([*a, *b, *c])
                }
                _ => {
                    return Err(Error::Format {
                        source_name: groups_name.to_string(),
                        line,
                        message: format!(
                            "expected `group<TAB>c64<TAB>c256<TAB>c1024` with groups numbered \
                             0, 1, 2, ... in order, found `{text}`"
                        ),
                    })
                }
            }
        }
        let n = out.groups.len();
        out.words.reserve(words.len() / 12);
        for (line, text) in lines(words) {
            let parsed = text
                .split_once('\t')
                .and_then(|(w, g)| Some((w, g.trim().parse::<u16>().ok()?)))
                .filter(|(_, g)| (*g as usize) < n);
            let Some((w, g)) = parsed else {
                return Err(Error::Format {
                    source_name: words_name.to_string(),
                    line,
                    message: format!(
                        "expected `word<TAB>group` with a group below {n}, found `{text}`"
                    ),
                });
            };
            out.words.push((w.to_string(), g));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_files_from_a_folder() {
        let dir = std::env::temp_dir().join(format!("learn-clusters-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join(GROUPS_FILE),
            "# levels\n0\t1\t2\t3\n\n1\t4\t5\t6\n",
        )
        .expect("w");
        std::fs::write(dir.join(WORDS_FILE), "senator\t1\r\nran\t0\n").expect("w");
        let c = ClusterFiles::read_dir(&dir).expect("valid files");
        assert_eq!(c.groups.len(), 2);
        assert_eq!(
            c.words,
            vec![("senator".to_string(), 1), ("ran".to_string(), 0)]
        );
        std::fs::remove_file(dir.join(WORDS_FILE)).expect("rm");
        let e = ClusterFiles::read_dir(&dir).expect_err("missing file");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(e.to_string().contains(WORDS_FILE), "{e}");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let e = ClusterFiles::parse("a\t0\n", "0\t1\t2\n").expect_err("three columns");
        assert!(e.to_string().contains("cluster_groups.tsv:1"), "{e}");
        let e = ClusterFiles::parse("a\t0\n", "1\t1\t2\t3\n").expect_err("numbering");
        assert!(e.to_string().contains("in order"), "{e}");
        let e = ClusterFiles::parse("a\t0\nb\t7\n", "0\t1\t2\t3\n").expect_err("range");
        assert!(e.to_string().contains("clusters.tsv:2"), "{e}");
        assert!(e.to_string().contains("below 1"), "{e}");
        let e = ClusterFiles::parse("no tab\n", "0\t1\t2\t3\n").expect_err("no tab");
        assert!(e.to_string().contains("word<TAB>group"), "{e}");
    }
}
