//! Tests of the credential detectors.

use super::*;

fn found(text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    find(text, &Cues::of(text), &mut spans, &mut Vec::new());
    spans.iter().map(|s| &text[s.start()..s.end()]).collect()
}

#[test]
fn command_line_passwords() {
    assert_eq!(
        found("mysql -u root -p'S3cr3tPassw0rd!' -h db"),
        ["S3cr3tPassw0rd!"]
    );
    assert_eq!(found("mysql -uroot -pS3cr3tPassw0rd"), ["S3cr3tPassw0rd"]);
    assert_eq!(found("mysql -u root -p mydb"), Vec::<&str>::new());
    assert_eq!(
        found("curl -u alice:Wond3rl4ndPass https://x/"),
        ["Wond3rl4ndPass"]
    );
    assert_eq!(
        found("docker login -u me -p Dck3rHubP4ssw0rd"),
        ["Dck3rHubP4ssw0rd"]
    );
    assert_eq!(found("sshpass -p 'SshP4ssw0rd!' ssh u@h"), ["SshP4ssw0rd!"]);
    assert_eq!(
        found("htpasswd -b .htpasswd alice Ht9assw0rd"),
        ["Ht9assw0rd"]
    );
    assert_eq!(
        found("app --db-password=Pg5ecret9 --verbose"),
        ["Pg5ecret9"]
    );
    assert_eq!(found("app --token \"abc123def456\""), ["abc123def456"]);
    assert_eq!(found("redis-cli -a R3disPass9 ping"), ["R3disPass9"]);
    assert_eq!(found("app --password $DB_PASSWORD"), Vec::<&str>::new());
    assert_eq!(
        found("app --password-file /run/secrets/db"),
        Vec::<&str>::new()
    );
}

#[test]
fn headers_markup_netrc_tables() {
    assert_eq!(
        found("Authorization: Basic YWxpY2U6c2VjcmV0cGFzcw=="),
        ["YWxpY2U6c2VjcmV0cGFzcw=="]
    );
    assert_eq!(found("<password>Xq9!mZ2#pL7v</password>"), ["Xq9!mZ2#pL7v"]);
    assert_eq!(
        found("<add key=\"DbPassword\" value=\"Pw9secret\" />"),
        ["Pw9secret"]
    );
    assert_eq!(
        found("machine h login me password N3trcPass"),
        ["N3trcPass"]
    );
    assert_eq!(found("| DB password | Xq9!mZ2#pL7v |"), ["Xq9!mZ2#pL7v"]);
    assert_eq!(
        found("| user | password |\n|---|---|\n| bob | Tb7!secret |\n"),
        ["Tb7!secret"]
    );
    assert_eq!(
        found("| Step | Notes |\n|---|---|\n| one | two words |\n"),
        Vec::<&str>::new()
    );
}
