//! The signed training project (progetto formativo): its upload is multipart, so it is a plain
//! route rather than a server function, under the access table's rule for signed files. The PDF
//! is kept in the database with the company's documents, and downloaded as they are.
use crate::domain::company::check_pdf;
use crate::domain::ids::TraineeshipId;
use crate::web::access::{allowed, Caller, AGREEMENT_FILES};
use crate::web::AppState;
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::RequestExt;
use sha2::{Digest, Sha256};

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// `POST /staff/traineeship/{id}/project`: the signed copy of the training project.
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<TraineeshipId>,
    request: Request,
) -> Response {
    if !allowed(request.extensions(), AGREEMENT_FILES) {
        return see_other("/staff/login?e=expired");
    }
    let Some(staff) = request
        .extensions()
        .get::<Caller>()
        .and_then(|c| c.staff().cloned())
    else {
        return see_other("/staff/login?e=expired");
    };
    match state.store.traineeship(id).await {
        Ok(_) => {}
        Err(crate::storage::TraineeshipError::NotFound) => {
            return StatusCode::NOT_FOUND.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "the traineeship of a training project could not be read");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let page = format!("/staff/traineeship/{id}");
    let Ok(mut multipart) = request.extract::<Multipart, _>().await else {
        return see_other(&format!("{page}?e=project#project"));
    };
    let mut pdf: Option<Vec<u8>> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("pdf") {
            pdf = match field.bytes().await {
                Ok(b) if !b.is_empty() => Some(b.to_vec()),
                Ok(_) => None,
                // Larger than the limit: the body was cut.
                Err(_) => Some(vec![0; crate::domain::company::PDF_MAX_BYTES + 1]),
            };
        }
    }
    let Some(pdf) = pdf.filter(|b| check_pdf(b).is_ok()) else {
        return see_other(&format!("{page}?e=project#project"));
    };
    let sha = hex::encode(Sha256::digest(&pdf));
    let now = chrono::Utc::now().timestamp();
    match state
        .store
        .attach_project(id, &pdf, &sha, staff.id, now)
        .await
    {
        Ok(_) => see_other(&format!("{page}?ok=project#project")),
        Err(e) => {
            tracing::error!(error = %e, "storing a training project failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
