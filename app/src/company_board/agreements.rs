//! Signed company-board agreements: the upload form (multipart, so it is a plain route rather than a
//! server function) and the download of a stored PDF. Both apply the access table's rule for
//! agreement files, and the PDF never lies under the web root: it is in the database.
use crate::company_board::server::problem_text;
use crate::domain::company::{check_pdf, Signature};
use crate::domain::ids::CompanyId;
use crate::web::access::{allowed, Caller, AGREEMENT_FILES};
use crate::web::time::today;
use crate::web::{lang, AppState};
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::RequestExt;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The largest PDF accepted, with room for the form around it.
pub const UPLOAD_LIMIT: usize = crate::domain::company::PDF_MAX_BYTES + 64 * 1024;

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// `POST /staff/company/{id}/agreement`: signs or renews the agreement with its PDF.
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<CompanyId>,
    request: Request,
) -> Response {
    if !allowed(request.extensions(), AGREEMENT_FILES) {
        return see_other("/staff/login?e=expired");
    }
    let caller = request
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or(Caller::Anonymous);
    let (Some(staff), Some(session)) = (
        caller.staff().cloned(),
        caller.session_hash().map(str::to_owned),
    ) else {
        return see_other("/staff/login?e=expired");
    };
    let lang = lang::from_headers(request.headers());
    match state.store.company(id).await {
        Ok(_) => {}
        Err(crate::storage::StoreError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the company of an agreement could not be read");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let page = format!("/staff/company/{id}");
    let mut multipart = match request.extract::<Multipart, _>().await {
        Ok(m) => m,
        Err(_) => return see_other(&format!("{page}?e=agreement#agreement")),
    };
    let mut fields = BTreeMap::new();
    let mut pdf: Option<Vec<u8>> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                if name == "pdf" {
                    match field.bytes().await {
                        Ok(b) if !b.is_empty() => pdf = Some(b.to_vec()),
                        Ok(_) => {}
                        // Larger than the limit: the body was cut.
                        Err(_) => {
                            pdf = Some(vec![0; crate::domain::company::PDF_MAX_BYTES + 1]);
                            break;
                        }
                    }
                } else if matches!(name.as_str(), "signed_on" | "signatory" | "expires_on") {
                    if let Ok(text) = field.text().await {
                        fields.insert(name, text.chars().take(200).collect::<String>());
                    }
                }
            }
            Ok(None) => break,
            Err(_) => break,
        }
    }
    let terms = Signature::from_form(&fields, today());
    let mut problems = match &terms {
        Ok(_) => Vec::new(),
        Err(ps) => ps.clone(),
    };
    match pdf.as_deref() {
        None => problems.push(crate::domain::company::Problem::Required("pdf")),
        Some(bytes) => {
            if let Err(p) = check_pdf(bytes) {
                problems.push(p);
            }
        }
    }
    let form = format!("company:{id}:agreement");
    let now = chrono::Utc::now().timestamp();
    if !problems.is_empty() {
        let messages: Vec<(String, String)> = problems
            .iter()
            .map(|p| (p.field().to_owned(), problem_text(lang, *p)))
            .collect();
        // Maps and lists of strings always serialise: the defaults are never used.
        let saved = state
            .store
            .save_form_draft(
                &session,
                &form,
                &serde_json::to_string(&fields).unwrap_or_default(),
                &serde_json::to_string(&messages).unwrap_or_default(),
                now,
            )
            .await;
        if let Err(e) = saved {
            tracing::error!(error = %e, "a refused agreement form could not be kept");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        return see_other(&format!("{page}?e=form#agreement"));
    }
    let (Ok(terms), Some(pdf)) = (terms, pdf) else {
        return see_other(&format!("{page}?e=agreement#agreement"));
    };
    let sha = hex::encode(Sha256::digest(&pdf));
    match state
        .store
        .sign_agreement(id, &terms, &pdf, &sha, staff.id, now)
        .await
    {
        Ok(_) => {
            if let Err(e) = state.store.clear_form_draft(&session, &form).await {
                // Signed all the same; the old form's text is shown once more at worst.
                tracing::warn!(error = %e, "a kept agreement form could not be cleared");
            }
            see_other(&format!("{page}?ok=signed#agreement"))
        }
        Err(e) => {
            tracing::error!(error = %e, "storing an agreement failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `GET /staff/document/{id}`: a stored PDF, as a download, to those the rule allows.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    if !allowed(request.extensions(), AGREEMENT_FILES) {
        return see_other("/staff/login?e=expired");
    }
    let staff_id = request
        .extensions()
        .get::<Caller>()
        .and_then(|c| c.staff().map(|s| s.id));
    match state.store.document(id).await {
        Ok((company_id, bytes)) => {
            // Who read a document is part of its record: no audit line, no download.
            if let Err(e) = state
                .store
                .audit(
                    staff_id,
                    "document_downloaded",
                    None,
                    &format!("company:{company_id} document:{id}"),
                    chrono::Utc::now().timestamp(),
                )
                .await
            {
                tracing::error!(error = %e, document = id, "a download could not be audited");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"accordo-{company_id}-{id}.pdf\""),
                    ),
                    // Opened in the browser anyway, a PDF runs nothing and reaches nothing.
                    (
                        header::CONTENT_SECURITY_POLICY,
                        "sandbox; default-src 'none'".to_owned(),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(crate::storage::StoreError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, document = id, "a document could not be read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
