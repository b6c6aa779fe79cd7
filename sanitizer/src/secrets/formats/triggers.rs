//! The literal that starts each credential format, and its detector.

use super::saas::{discord_webhook, mailgun, saas, sendgrid};
use super::*;

/// Every format trigger, matched with case.
pub(in crate::secrets) const TRIGGERS: &[Trigger] = &[
    Trigger {
        literal: "SG.",
        detect: sendgrid,
    },
    Trigger {
        literal: "key-",
        detect: mailgun,
    },
    Trigger {
        literal: "discord.com/api/webhooks/",
        detect: discord_webhook,
    },
    Trigger {
        literal: "discordapp.com/api/webhooks/",
        detect: discord_webhook,
    },
    Trigger {
        literal: "pypi-AgEIcHlwaS5vcmc",
        detect: saas,
    },
    Trigger {
        literal: "glptt-",
        detect: saas,
    },
    Trigger {
        literal: "gldt-",
        detect: saas,
    },
    Trigger {
        literal: "glrt-",
        detect: saas,
    },
    Trigger {
        literal: "glsoat-",
        detect: saas,
    },
    Trigger {
        literal: "dop_v1_",
        detect: saas,
    },
    Trigger {
        literal: "doo_v1_",
        detect: saas,
    },
    Trigger {
        literal: "dor_v1_",
        detect: saas,
    },
    Trigger {
        literal: "shpat_",
        detect: saas,
    },
    Trigger {
        literal: "shpca_",
        detect: saas,
    },
    Trigger {
        literal: "shppa_",
        detect: saas,
    },
    Trigger {
        literal: "shpss_",
        detect: saas,
    },
    Trigger {
        literal: "lin_api_",
        detect: saas,
    },
    Trigger {
        literal: "PMAK-",
        detect: saas,
    },
    Trigger {
        literal: "hvs.",
        detect: saas,
    },
    Trigger {
        literal: "sntrys_",
        detect: saas,
    },
    Trigger {
        literal: "glsa_",
        detect: saas,
    },
    Trigger {
        literal: "NRAK-",
        detect: saas,
    },
    Trigger {
        literal: "sq0atp-",
        detect: saas,
    },
    Trigger {
        literal: "sq0csp-",
        detect: saas,
    },
    Trigger {
        literal: "ATATT3",
        detect: saas,
    },
    Trigger {
        literal: "AIza",
        detect: google,
    },
    Trigger {
        literal: "GOCSPX-",
        detect: google_oauth,
    },
    Trigger {
        literal: "1//0",
        detect: google_oauth,
    },
    Trigger {
        literal: "ya29.",
        detect: google_oauth,
    },
    Trigger {
        literal: "AGE-SECRET-KEY-1",
        detect: age,
    },
    Trigger {
        literal: ".atlasv1.",
        detect: atlas,
    },
    Trigger {
        literal: "sk-",
        detect: sk_dash,
    },
    Trigger {
        literal: "ghp_",
        detect: github,
    },
    Trigger {
        literal: "gho_",
        detect: github,
    },
    Trigger {
        literal: "ghu_",
        detect: github,
    },
    Trigger {
        literal: "ghs_",
        detect: github,
    },
    Trigger {
        literal: "ghr_",
        detect: github,
    },
    Trigger {
        literal: "github_pat_",
        detect: github_pat,
    },
    Trigger {
        literal: "AKIA",
        detect: aws_key_id,
    },
    Trigger {
        literal: "ASIA",
        detect: aws_key_id,
    },
    Trigger {
        literal: "xox",
        detect: slack,
    },
    Trigger {
        literal: "xapp-",
        detect: slack,
    },
    Trigger {
        literal: "hooks.slack.com/services/",
        detect: slack_webhook,
    },
    Trigger {
        literal: "sk_live_",
        detect: stripe,
    },
    Trigger {
        literal: "sk_test_",
        detect: stripe,
    },
    Trigger {
        literal: "rk_live_",
        detect: stripe,
    },
    Trigger {
        literal: "rk_test_",
        detect: stripe,
    },
    Trigger {
        literal: "whsec_",
        detect: stripe,
    },
    Trigger {
        literal: "hf_",
        detect: huggingface,
    },
    Trigger {
        literal: "glpat-",
        detect: gitlab,
    },
    Trigger {
        literal: "npm_",
        detect: npm,
    },
    Trigger {
        literal: "xai-",
        detect: xai,
    },
    Trigger {
        literal: "gsk_",
        detect: groq,
    },
    Trigger {
        literal: "pplx-",
        detect: perplexity,
    },
    Trigger {
        literal: "eyJ",
        detect: jwt,
    },
    Trigger {
        literal: "-----BEGIN ",
        detect: pem_in_line,
    },
    Trigger {
        literal: "://",
        detect: url_password,
    },
    Trigger {
        literal: "Bearer",
        detect: bearer,
    },
    Trigger {
        literal: "bearer",
        detect: bearer,
    },
    Trigger {
        literal: "BEARER",
        detect: bearer,
    },
];
