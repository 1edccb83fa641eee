//! Email the service sends (a password-reset link), and the two ways it leaves: Amazon SES v2
//! in AWS, or `.eml` files in an outbox directory locally and in tests, as Django's
//! file-based email backend does. `EMAIL_BACKEND` chooses (`config::EmailConfig`).
//!
//! Both send the same RFC 5322 message: SES takes it as raw content, so what a test reads in
//! the outbox is what a mailbox receives.

use std::path::PathBuf;

use crate::config::{EmailBackend, EmailConfig};
use crate::error::{Error, Result};

/// A plain-text message to one address.
#[derive(Debug, Clone)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Message {
    /// The message as sent: headers, a blank line, the body with CRLF line ends. The
    /// addresses and the subject are ASCII here (an address is validated at registration,
    /// the subjects are ours); the body is UTF-8, declared as such.
    pub fn to_rfc5322(&self, from: &str, now: i64, id: &str) -> String {
        let date = time::OffsetDateTime::from_unix_timestamp(now)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
            .format(&time::format_description::well_known::Rfc2822)
            .unwrap_or_default();
        let domain = from
            .rsplit_once('@')
            .map_or("localhost", |(_, domain)| domain.trim_end_matches('>'));
        let body = self.body.replace("\r\n", "\n").replace('\n', "\r\n");
        format!(
            "From: {from}\r\nTo: {}\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <{id}@{domain}>\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
            self.to, self.subject
        )
    }
}

/// Where messages go.
pub enum Mailer {
    /// One `<epoch ms>-<random>.eml` file per message in this directory (made if missing).
    File { outbox: PathBuf, from: String },
    Ses {
        client: aws_sdk_sesv2::Client,
        from: String,
        configuration_set: Option<String>,
    },
}

impl Mailer {
    /// The SES client is built from the SDK configuration the table's client has
    /// (`db::load_sdk`), loaded once at init.
    pub fn new(config: &EmailConfig, sdk: &aws_types::SdkConfig) -> Self {
        match &config.backend {
            EmailBackend::File { outbox } => Mailer::File {
                outbox: outbox.clone(),
                from: config.from.clone(),
            },
            EmailBackend::Ses { configuration_set } => Mailer::Ses {
                client: aws_sdk_sesv2::Client::new(sdk),
                from: config.from.clone(),
                configuration_set: configuration_set.clone(),
            },
        }
    }

    pub async fn send(&self, message: &Message) -> Result<()> {
        let id = crate::random_hex(16);
        match self {
            Mailer::File { outbox, from } => {
                let text = message.to_rfc5322(from, crate::now(), &id);
                tokio::fs::create_dir_all(outbox).await.map_err(Error::internal)?;
                let name = format!("{}-{id}.eml", crate::now_ms());
                // Written under a temporary name, then renamed: a reader never sees half a file.
                let partial = outbox.join(format!(".{name}.part"));
                tokio::fs::write(&partial, text).await.map_err(Error::internal)?;
                tokio::fs::rename(&partial, outbox.join(&name))
                    .await
                    .map_err(Error::internal)?;
                Ok(())
            }
            Mailer::Ses {
                client,
                from,
                configuration_set,
            } => {
                use aws_sdk_sesv2::primitives::Blob;
                use aws_sdk_sesv2::types::{Destination, EmailContent, RawMessage};
                let raw = RawMessage::builder()
                    .data(Blob::new(message.to_rfc5322(from, crate::now(), &id)))
                    .build()
                    .map_err(Error::internal)?;
                client
                    .send_email()
                    .from_email_address(from)
                    .destination(Destination::builder().to_addresses(&message.to).build())
                    .content(EmailContent::builder().raw(raw).build())
                    .set_configuration_set_name(configuration_set.clone())
                    .send()
                    .await
                    .map_err(|error| Error::Unavailable(error.into()))?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_rfc_5322_with_crlf_lines() {
        let message = Message {
            to: "alice@example.com".into(),
            subject: "Reset".into(),
            body: "Hello\nthere: é".into(),
        };
        let text = message.to_rfc5322("Snip <no-reply@snip.example>", 0, "abc");
        assert!(text.starts_with("From: Snip <no-reply@snip.example>\r\nTo: alice@example.com\r\n"));
        assert!(
            text.contains("\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n"),
            "{text}"
        );
        assert!(text.contains("\r\nMessage-ID: <abc@snip.example>\r\n"));
        assert!(text.ends_with("\r\n\r\nHello\r\nthere: é\r\n"));
    }
}
