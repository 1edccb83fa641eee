//! Echoes its event: nothing but the Lambda runtime (stock, on the current-thread runtime the
//! functions use, with their allocator), as a baseline for cold start, size and CPU per request.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

// The functions' allocator (`shared::ALLOCATOR`), so that a baseline differs from them only by
// what they do, not by how they allocate.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        Ok::<_, Error>(event.payload)
    }))
    .await
}
