//! The report of what a run changed: counts only, never a secret's value.

use crate::fences::{list_or_count, FenceTally};
use crate::fences::{FenceRepair, FenceRepairKind};
use crate::hygiene::HygieneCounts;
use crate::recover::RecoveredCounts;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the sanitizer changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Redactions by kind (`ip`, `github-token`, `secrets-file`...).
    pub redactions: BTreeMap<String, usize>,
    /// Fence repairs, in line order (the first
    /// [`MAX_LISTED_REPAIRS`](crate::fences::MAX_LISTED_REPAIRS)).
    pub fences: Vec<FenceRepair>,
    /// Fence repairs past the listed ones, counted.
    #[serde(skip_serializing_if = "FenceTally::is_zero")]
    pub fences_unlisted: FenceTally,
    /// Speaker labels rewritten.
    pub speaker_labels: usize,
    /// Debris lines removed.
    pub debris_lines: usize,
    /// Code blocks and bullets recovered from a chat UI's copy.
    pub recovered: RecoveredCounts,
    /// Hygiene changes.
    pub hygiene: HygieneCounts,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Report {
    /// Adds what a later pass over this run's output changed. Its notes
    /// about repairs left undone repeat this run's, so only its applied
    /// repairs are kept.
    pub(crate) fn absorb(&mut self, later: Report) {
        for (kind, n) in later.redactions {
            *self.redactions.entry(kind).or_default() += n;
        }
        for repair in later.fences.into_iter().filter(FenceRepair::is_applied) {
            list_or_count(&mut self.fences, &mut self.fences_unlisted, repair);
        }
        self.fences_unlisted.repaired += later.fences_unlisted.repaired;
        self.speaker_labels += later.speaker_labels;
        self.debris_lines += later.debris_lines;
        self.recovered.add(&later.recovered);
        self.hygiene.add(&later.hygiene);
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.redactions.is_empty()
            && self.fences.iter().all(|f| !f.is_applied())
            && self.fences_unlisted.repaired == 0
            && self.speaker_labels == 0
            && self.debris_lines == 0
            && self.recovered.is_empty()
            && self.hygiene.is_empty()
    }

    /// One short line: "redacted 3 ip, 1 github-token; repaired 2 fences;
    /// normalized 14 speaker labels", or "no changes".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.redactions.is_empty() {
            let kinds: Vec<String> = self
                .redactions
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            parts.push(format!("redacted {}", kinds.join(", ")));
        }
        let repaired =
            self.fences.iter().filter(|f| f.is_applied()).count() + self.fences_unlisted.repaired;
        if repaired > 0 {
            parts.push(format!("repaired {}", plural(repaired, "fence", "fences")));
        }
        for fence in &self.fences {
            if let FenceRepairKind::LeftAsWritten { run } = fence.kind {
                parts.push(format!(
                    "left the fences as written ({run} fence lines in a row at line {}: not a structure to repair)",
                    fence.line
                ));
            }
        }
        let unverified = self
            .fences
            .iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    FenceRepairKind::Unverified | FenceRepairKind::Unstable
                )
            })
            .count()
            + self.fences_unlisted.unverified;
        if unverified > 0 {
            parts.push(format!(
                "left {} unrepaired (could not verify)",
                plural(unverified, "fence", "fences")
            ));
        }
        if self.speaker_labels > 0 {
            parts.push(format!(
                "normalized {}",
                plural(self.speaker_labels, "speaker label", "speaker labels")
            ));
        }
        if self.recovered.code_blocks > 0 {
            parts.push(format!(
                "recovered {}",
                plural(self.recovered.code_blocks, "code block", "code blocks")
            ));
        }
        if self.recovered.code_runs > 0 {
            parts.push(format!(
                "fenced {} that had lost their fences",
                plural(
                    self.recovered.code_runs,
                    "code paragraph",
                    "code paragraphs"
                )
            ));
        }
        if self.recovered.bullets > 0 {
            parts.push(format!(
                "made {} into list items",
                plural(self.recovered.bullets, "bullet", "bullets")
            ));
        }
        if self.debris_lines > 0 {
            parts.push(format!(
                "removed {}",
                plural(self.debris_lines, "debris line", "debris lines")
            ));
        }
        let h = &self.hygiene;
        let hygiene: Vec<String> = [
            (h.line_endings, "line ending", "line endings"),
            (h.bom, "BOM", "BOMs"),
            (h.odd_spaces, "odd space", "odd spaces"),
            (
                h.zero_width,
                "zero-width character",
                "zero-width characters",
            ),
            (
                h.trailing_spaces,
                "trailing-space line",
                "trailing-space lines",
            ),
            (h.blank_runs, "blank-line run", "blank-line runs"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|&(n, one, many)| plural(n, one, many))
        .collect();
        if !hygiene.is_empty() {
            parts.push(format!("cleaned {}", hygiene.join(", ")));
        }
        if parts.is_empty() {
            "no changes".to_string()
        } else {
            parts.join("; ")
        }
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reads_like_a_sentence() {
        let mut report = Report::default();
        assert_eq!(report.summary(), "no changes");
        report.redactions.insert("ip".into(), 3);
        report.redactions.insert("github-token".into(), 1);
        report.fences.push(FenceRepair {
            line: 4,
            kind: FenceRepairKind::Closed,
        });
        report.speaker_labels = 14;
        report.hygiene.trailing_spaces = 1;
        assert_eq!(
            report.summary(),
            "redacted 1 github-token, 3 ip; repaired 1 fence; normalized 14 speaker labels; cleaned 1 trailing-space line"
        );
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("valid json");
        assert_eq!(json["redactions"]["ip"], 3);
        assert_eq!(json["fences"][0]["kind"], "closed");
    }
}
