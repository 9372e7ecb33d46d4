//! The SDK side: `client.logout(&id)` through each transport crate, exactly
//! as its documentation shows.

use std::hint::black_box;

use wawp_core::{BlockingClient, BlockingTransport, Client, InstanceId, Transport};

use crate::subject::{AsyncCall, BlockingCall};

/// `wawp_hyper::client(…)` or `wawp_reqwest::client(…)`, and the id to log out.
pub(crate) struct SdkAsync<T> {
    pub(crate) client: Client<T>,
    pub(crate) id: InstanceId,
}

impl<T: Transport + Sync + 'static> AsyncCall for SdkAsync<T> {
    async fn call(&self) -> Result<(), String> {
        let session = self.client.logout(&self.id).await;
        black_box(session).map(drop).map_err(|e| e.to_string())
    }
}

/// `wawp_blocking::client(…)`, and the id to log out.
pub(crate) struct SdkBlocking<T> {
    pub(crate) client: BlockingClient<T>,
    pub(crate) id: InstanceId,
}

impl<T: BlockingTransport> BlockingCall for SdkBlocking<T> {
    fn call(&self) -> Result<(), String> {
        let session = self.client.logout(&self.id);
        black_box(session).map(drop).map_err(|e| e.to_string())
    }
}
