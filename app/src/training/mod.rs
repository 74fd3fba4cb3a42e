//! The training catalogue: courses from partner providers with their lessons and seats, enrolment
//! from the case page with a waiting list that moves up by itself, a register to take on a tablet
//! (one tap per person), completion against the configured share of hours, and a certificate of
//! attendance in the person's language and Italian. The applicant sees their courses on the
//! status page.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::ids::{ApplicantId, CourseId, CourseSessionId};
use crate::error::AppError;
use crate::ui::forms::{Choice, FormState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A course as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRow {
    pub id: CourseId,
    pub title: String,
    pub provider: String,
    pub kind: String,
    pub level: String,
    /// "Italiano richiesto: A2", or empty when none is.
    pub italian: String,
    pub language: String,
    pub place: String,
    /// "dal 30 marzo 2027 al 29 aprile 2027".
    pub dates: String,
    /// "10 lezioni · 25 ore".
    pub hours: String,
    pub seats: String,
    pub waiting: Option<String>,
    pub full: bool,
    pub over: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueView {
    pub courses: Vec<CourseRow>,
    pub may_create: bool,
    pub form: FormState,
    pub kinds: Vec<Choice>,
    pub italian_levels: Vec<Choice>,
    pub languages: Vec<Choice>,
    /// The weekday boxes: field name and label.
    pub weekdays: Vec<(String, String)>,
    pub with_past: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: CourseSessionId,
    pub when: String,
    /// "8 segnati su 12".
    pub marked: String,
}

/// A person on a course, as its page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub applicant_id: ApplicantId,
    pub name: String,
    pub reference: String,
    /// "18 ore su 25 (72%)".
    pub attended: String,
    pub completed: bool,
    pub waiting_place: Option<String>,
    /// The caller may open the case (and take the person off, or print the certificate).
    pub on_case: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseView {
    pub course: CourseRow,
    pub sessions: Vec<SessionRow>,
    pub enrolled: Vec<PersonRow>,
    pub waiting: Vec<PersonRow>,
    pub left: Vec<PersonRow>,
    pub threshold: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub applicant_id: ApplicantId,
    pub name: String,
    /// Some(true) present, Some(false) absent, None not marked yet.
    pub present: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterView {
    pub course_id: CourseId,
    pub course_title: String,
    pub session_id: CourseSessionId,
    pub when: String,
    pub place: String,
    pub marked: String,
    pub people: Vec<RegisterRow>,
    pub previous: Option<CourseSessionId>,
    pub next: Option<CourseSessionId>,
}

/// One language's page of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificatePage {
    pub lang: String,
    pub dir: String,
    pub title: String,
    pub body: String,
    pub issued: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub course_id: CourseId,
    /// Empty when attendance is not yet enough (the page says so instead).
    pub pages: Vec<CertificatePage>,
}

/// A course on the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCourseRow {
    pub course_id: CourseId,
    pub title: String,
    pub dates: String,
    pub standing: String,
    pub attended: String,
    pub open: bool,
    pub completed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCoursesView {
    pub applicant_id: ApplicantId,
    pub rows: Vec<CaseCourseRow>,
    /// Courses the person can be enrolled on now (empty when not on a path).
    pub options: Vec<Choice>,
    /// Prerequisites the person may not meet, one line per course.
    pub warnings: Vec<String>,
    pub may_enrol: bool,
}

/// A course on the applicant's status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCourseRow {
    pub title: String,
    pub provider: String,
    pub place: String,
    pub standing: String,
    pub next: Option<String>,
    pub attended: Option<String>,
    pub sessions: Vec<String>,
}

#[server(prefix = "/api", endpoint = "load_courses")]
pub async fn load_courses(#[server(default)] with_past: bool) -> Result<CatalogueView, AppError> {
    server::load_courses(with_past).await
}

#[server(prefix = "/api", endpoint = "create_course")]
pub async fn create_course(#[server(default)] f: BTreeMap<String, String>) -> Result<(), AppError> {
    server::create_course(f).await
}

#[server(prefix = "/api", endpoint = "load_course")]
pub async fn load_course(course_id: CourseId) -> Result<CourseView, AppError> {
    server::load_course(course_id).await
}

#[server(prefix = "/api", endpoint = "load_register")]
pub async fn load_register(session_id: CourseSessionId) -> Result<RegisterView, AppError> {
    server::load_register(session_id).await
}

#[server(prefix = "/api", endpoint = "mark_attendance")]
pub async fn mark_attendance(
    session_id: CourseSessionId,
    applicant_id: ApplicantId,
    #[server(default)] present: bool,
) -> Result<(), AppError> {
    server::mark_attendance(session_id, applicant_id, present).await
}

#[server(prefix = "/api", endpoint = "load_certificate")]
pub async fn load_certificate(
    course_id: CourseId,
    applicant_id: ApplicantId,
) -> Result<CertificateView, AppError> {
    server::load_certificate(course_id, applicant_id).await
}

#[server(prefix = "/api", endpoint = "load_case_courses")]
pub async fn load_case_courses(
    applicant_id: ApplicantId,
) -> Result<Option<CaseCoursesView>, AppError> {
    server::load_case_courses(applicant_id).await
}

#[server(prefix = "/api", endpoint = "enrol_in_course")]
pub async fn enrol_in_course(
    applicant_id: ApplicantId,
    #[server(default)] course_id: String,
) -> Result<(), AppError> {
    server::enrol_in_course(applicant_id, course_id).await
}

/// `from`: `case` or `course`, the page to go back to.
#[server(prefix = "/api", endpoint = "leave_course")]
pub async fn leave_course(
    applicant_id: ApplicantId,
    course_id: CourseId,
    #[server(default)] from: String,
) -> Result<(), AppError> {
    server::leave_course(applicant_id, course_id, from).await
}

#[server(prefix = "/api", endpoint = "load_my_courses")]
pub async fn load_my_courses() -> Result<Vec<MyCourseRow>, AppError> {
    server::load_my_courses().await
}
