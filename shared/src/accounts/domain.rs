//! What an account is made of, validated once at the edge: a value of these types is valid
//! by construction, so nothing past the form handler checks again.

use std::fmt;

/// Words a username may not be, because `/{username}/...` would shadow a route or mislead.
/// The one list: every check reads it.
pub const RESERVED_USERNAMES: &[&str] = &[
    "about",
    "accounts",
    "admin",
    "administrator",
    "api",
    "app",
    "assets",
    "auth",
    "dashboard",
    "delete",
    "edit",
    "favicon",
    "health",
    "help",
    "links",
    "login",
    "logout",
    "me",
    "new",
    "privacy",
    "profile",
    "register",
    "root",
    "security",
    "settings",
    "signin",
    "signout",
    "signup",
    "snip",
    "static",
    "status",
    "support",
    "system",
    "terms",
    "user",
    "users",
    "www",
];

pub const MIN_USERNAME_CHARS: usize = 3;
pub const MAX_USERNAME_CHARS: usize = 30;
/// Longest address accepted (RFC 5321's limit on a forward path).
pub const MAX_EMAIL_CHARS: usize = 254;

/// 3–30 of `A–Z a–z 0–9 _ -`. Shown as typed; unique and looked up case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim();
        // Every rule the name breaks, not only the first (both checks are linear in a body
        // already bounded to 16 KB).
        let mut broken = Vec::new();
        if name.len() < MIN_USERNAME_CHARS || name.len() > MAX_USERNAME_CHARS {
            broken.push("Usernames are 3 to 30 characters long.");
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            broken.push("Use only letters, digits, underscores and hyphens.");
        }
        if !broken.is_empty() {
            return Err(broken.join(" "));
        }
        if RESERVED_USERNAMES.contains(&name.to_ascii_lowercase().as_str()) {
            return Err("That username is reserved. Please choose another.".into());
        }
        Ok(Self(name.to_string()))
    }

    /// As the user typed it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-folded form every lookup and uniqueness check uses.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A syntactically valid address, stored trimmed and lower-cased (so uniqueness is
/// case-insensitive, as mail providers treat it in practice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, String> {
        let email = input.trim();
        // Length first: lower-casing and validating are linear, but only bounded input gets them.
        if email.len() > MAX_EMAIL_CHARS {
            return Err("Enter a valid email address.".into());
        }
        let email = email.to_lowercase();
        if email.len() > MAX_EMAIL_CHARS || !email_address::EmailAddress::is_valid(&email) {
            return Err("Enter a valid email address.".into());
        }
        // RFC-valid but not deliverable on the internet: a bare host or an IP literal.
        let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
        if !domain.contains('.') || domain.starts_with('[') {
            return Err("Enter a valid email address.".into());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Longest password accepted. Passphrases are welcome; the cap keeps hashing cost bounded.
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MIN_PASSWORD_CHARS: usize = 8;

/// A new password that passed every rule. Its `Debug` never shows it.
pub struct NewPassword(String);

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

impl NewPassword {
    /// Checks `password1` against the rules and `password2`; every failed rule is reported,
    /// except that a length failure is reported alone (with a mismatch, if any): the
    /// similarity and common-password checks only ever run on a password of allowed length.
    pub fn parse(password1: &str, password2: &str, username: &str) -> Result<Self, Vec<String>> {
        let mut errors = Vec::new();
        // Bytes bound chars from above: a huge input is refused without even counting them.
        let chars = if password1.len() > 4 * MAX_PASSWORD_CHARS {
            usize::MAX
        } else {
            password1.chars().count()
        };
        if chars < MIN_PASSWORD_CHARS {
            errors.push(format!("Use at least {MIN_PASSWORD_CHARS} characters."));
        }
        if chars > MAX_PASSWORD_CHARS {
            errors.push(format!("Use at most {MAX_PASSWORD_CHARS} characters."));
        }
        if !errors.is_empty() {
            if password1 != password2 {
                errors.push("The two passwords do not match.".into());
            }
            return Err(errors);
        }
        if !password1.is_empty() && password1.chars().all(|c| c.is_ascii_digit()) {
            errors.push("The password cannot be entirely numeric.".into());
        }
        if too_similar(password1, username) {
            errors.push("The password is too similar to the username.".into());
        }
        if is_common(password1) {
            errors.push("This password is too common.".into());
        }
        if password1 != password2 {
            errors.push("The two passwords do not match.".into());
        }
        if errors.is_empty() {
            Ok(Self(password1.to_string()))
        } else {
            Err(errors)
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Contains the username (or is contained in it), or differs from it by little. A username
/// that could not be valid is not compared (the comparison is quadratic; the username's own
/// error is reported instead).
fn too_similar(password: &str, username: &str) -> bool {
    let username = username.trim();
    if username.len() < MIN_USERNAME_CHARS || username.len() > MAX_USERNAME_CHARS || password.is_empty() {
        return false;
    }
    let (password, username) = (password.to_lowercase(), username.to_lowercase());
    password.contains(&username)
        || username.contains(&password)
        || strsim::normalized_levenshtein(&password, &username) >= 0.7
}

/// Django's list of 20,000 common passwords (those of 8+ characters), lower-cased and sorted:
/// see `scripts/vendor-common-passwords.sh`.
static COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

fn is_common(password: &str) -> bool {
    // Built on first use (a registration), not at cold start: sign-ins never need it.
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| COMMON_PASSWORDS.lines().collect());
    list.binary_search(&password.trim().to_lowercase().as_str())
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_3_to_30_safe_characters_and_not_reserved() {
        assert_eq!(Username::parse("Alice_99").unwrap().as_str(), "Alice_99");
        assert_eq!(Username::parse("Alice_99").unwrap().key(), "alice_99");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(31)).is_err());
        assert!(Username::parse(&"a".repeat(30)).is_ok());
        for bad in ["al ice", "al/ice", "ali.ce", "alice%", "ålice", "<b>x</b>"] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
        for reserved in [
            "accounts", "Static", "HEALTH", "links", "admin", "api", "login", "logout",
        ] {
            assert!(
                Username::parse(reserved).unwrap_err().contains("reserved"),
                "{reserved}"
            );
        }
    }

    #[test]
    fn emails_are_validated_and_normalised() {
        assert_eq!(
            Email::parse("  Alice@Example.COM ").unwrap().as_str(),
            "alice@example.com"
        );
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@localhost",
            "a b@example.com",
            "alice@[127.0.0.1]",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_rules() {
        assert!(NewPassword::parse("correct horse battery", "correct horse battery", "alice").is_ok());
        let rule = |p: &str, user: &str| NewPassword::parse(p, p, user).unwrap_err().join(" ");
        assert!(rule("short1!", "alice").contains("at least 8"));
        assert!(rule(&"x".repeat(129), "alice").contains("at most 128"));
        assert!(NewPassword::parse(&"xY7!".repeat(32), &"xY7!".repeat(32), "alice").is_ok());
        assert!(rule("1234567890123", "alice").contains("entirely numeric"));
        assert!(rule("alicealice99", "alice").contains("similar"));
        assert!(rule("wonderland_alic3", "wonderland_alice").contains("similar"));
        assert!(rule("password123", "alice").contains("too common"));
        assert!(rule("Iloveyou1", "alice").contains("too common"));
        let mismatch =
            NewPassword::parse("correct horse battery", "correct horse batterY", "alice").unwrap_err();
        assert_eq!(mismatch, vec!["The two passwords do not match.".to_string()]);
    }

    #[test]
    fn a_password_of_the_wrong_length_gets_only_its_length_error() {
        let huge = "alice".repeat(14_000);
        let errors = NewPassword::parse(&huge, &huge, &"alice".repeat(1_400)).unwrap_err();
        assert_eq!(
            errors,
            vec![format!("Use at most {MAX_PASSWORD_CHARS} characters.")]
        );
        let errors = NewPassword::parse("alice", "alic", "alice").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(!errors.join(" ").contains("similar"));
    }

    #[test]
    fn the_common_password_list_is_sorted_for_binary_search() {
        let list: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert!(list.len() > 8000);
        assert!(list.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let password = NewPassword::parse("correct horse battery", "correct horse battery", "bob").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
