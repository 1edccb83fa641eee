//! Developer tooling shared by `cargo xtask` and the black-box tests.

pub mod bench;
pub mod emulator;
pub mod process;
pub mod project;
pub mod table;

/// The body a browser sends for the import form (`/links/import/`): `csrf_token` (when given)
/// and `file` as `multipart/form-data`, and the `Content-Type` that names its boundary. For the
/// tests and the import bench.
pub fn csv_upload(csrf_token: Option<&str>, file: &[u8]) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "----snip-upload-boundary-7f3a";
    let mut body = Vec::new();
    if let Some(token) = csrf_token {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"links.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}
