//! The kinds of secret the detectors find, each with the name reports use
//! and the label that replaces it (`password` becomes
//! `[REDACTED_PASSWORD]`). A kind is one byte, so that a held span stays
//! small.

macro_rules! kinds {
    ($($variant:ident => $name:literal,)*) => {
        /// A kind of detected secret.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Kind {
            $(
                #[doc = $name]
                $variant,
            )*
        }

        impl Kind {
            /// The kind's name in reports (`password`, `openai-key`).
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    AccessKey => "access-key",
    AnthropicKey => "anthropic-key",
    ApiKey => "api-key",
    AtlassianToken => "atlassian-token",
    Authorization => "authorization",
    AwsAccessKeyId => "aws-access-key-id",
    AwsSecretKey => "aws-secret-key",
    BearerToken => "bearer-token",
    DigitaloceanToken => "digitalocean-token",
    DiscordWebhook => "discord-webhook",
    GithubToken => "github-token",
    GitlabToken => "gitlab-token",
    GoogleApiKey => "google-api-key",
    GrafanaToken => "grafana-token",
    GroqKey => "groq-key",
    HuggingfaceToken => "huggingface-token",
    Ip => "ip",
    Jwt => "jwt",
    LinearKey => "linear-key",
    MailgunKey => "mailgun-key",
    NewrelicKey => "newrelic-key",
    NpmToken => "npm-token",
    OpenaiKey => "openai-key",
    OpenrouterKey => "openrouter-key",
    Password => "password",
    PerplexityKey => "perplexity-key",
    PostmanKey => "postman-key",
    PrivateKey => "private-key",
    PypiToken => "pypi-token",
    Secret => "secret",
    SendgridKey => "sendgrid-key",
    SentryToken => "sentry-token",
    ShopifyToken => "shopify-token",
    SlackToken => "slack-token",
    SlackWebhook => "slack-webhook",
    SquareToken => "square-token",
    StripeKey => "stripe-key",
    TelegramBotToken => "telegram-bot-token",
    Token => "token",
    TwilioKey => "twilio-key",
    UrlPassword => "url-password",
    VaultToken => "vault-token",
    XaiKey => "xai-key",
}
