//! Sending a photo from the browser to the JSON API as `multipart/form-data` (the field
//! `photo`); the API sniffs, cleans and stores it.

/// Posts `file` to `url`; the API's message when it refuses it.
#[cfg(feature = "hydrate")]
pub async fn post_photo(url: &str, file: web_sys::File) -> Result<(), String> {
    domain::photos::check_upload_size(file.size() as usize).map_err(|too_big| too_big.message)?;
    let form =
        web_sys::FormData::new().map_err(|_| "This browser cannot send files.".to_owned())?;
    form.append_with_blob_and_filename("photo", &file, &file.name())
        .map_err(|_| "This file could not be read.".to_owned())?;
    send_form(
        url,
        form,
        "This file could not be sent.",
        "The upload failed",
    )
    .await
}

/// Posts a multipart `form` to `url`; the API's message when it refuses it. What an
/// accepted upload answers is not read (some answer with no body at all).
#[cfg(feature = "hydrate")]
pub async fn send_form(
    url: &str,
    form: web_sys::FormData,
    unsendable: &str,
    failed: &str,
) -> Result<(), String> {
    sent(url, form, unsendable, failed)
        .await
        .map(drop)
        .map_err(|refusal| refusal.message)
}

/// Posts a multipart `form` to `url` and reads what the API answers; its refusal as it
/// came (with the field it names), or one saying why nothing came back.
#[cfg(feature = "hydrate")]
pub async fn submit_form<T: serde::de::DeserializeOwned>(
    url: &str,
    form: web_sys::FormData,
    unsendable: &str,
    failed: &str,
) -> Result<T, domain::AppError> {
    let response = sent(url, form, unsendable, failed).await?;
    let status = response.status();
    response.json::<T>().await.map_err(|_| {
        domain::AppError::new(domain::ErrorCode::Internal, format!("{failed} ({status})."))
    })
}

/// The API's answer when it accepted the form; its refusal otherwise.
#[cfg(feature = "hydrate")]
async fn sent(
    url: &str,
    form: web_sys::FormData,
    unsendable: &str,
    failed: &str,
) -> Result<gloo_net::http::Response, domain::AppError> {
    use domain::{AppError, ErrorCode};
    let response = gloo_net::http::Request::post(url)
        .body(form)
        .map_err(|_| AppError::new(ErrorCode::Validation, unsendable))?
        .send()
        .await
        .map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "Could not reach Chef Galaxy. Check your connection.",
            )
        })?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    #[derive(serde::Deserialize)]
    struct Refusal {
        error: AppError,
    }
    match response.json::<Refusal>().await {
        Ok(refusal) => Err(refusal.error),
        Err(_) => Err(AppError::new(
            ErrorCode::Internal,
            format!("{failed} ({status})."),
        )),
    }
}
