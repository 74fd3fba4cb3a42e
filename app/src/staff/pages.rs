//! Staff pages: log-in, one-time code, second-factor set-up, password from an invitation, the
//! admins' accounts page, and the frame every staff page sits in.
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{query_value, ErrorSummaryFor, StaffProblem};
use crate::ui::use_lang;
use crate::ui::{Loading, Problem};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::components::Redirect;

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    lang.t(match role {
        Role::Admin => Key::role_admin,
        Role::Secretariat => Key::role_secretariat,
        Role::Professional => Key::role_professional,
        Role::Tutor => Key::role_tutor,
        Role::Company => Key::role_company,
    })
}

/// The staff navigation, with who is logged in and the way out.
#[component]
pub fn StaffNav() -> impl IntoView {
    let lang = use_lang();
    // Asked again at each page change: logging in or out changes the answer.
    let location = leptos_router::hooks::use_location();
    let me = Resource::new(move || location.pathname.get(), |_| staff_me());
    let logout = ServerAction::<StaffLogout>::new();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().and_then(|v| v.me).filter(|m| m.complete).map(|m| {
                    view! {
                        <nav class="staff-nav" aria-label=lang.t(Key::staff_nav_label)>
                            <ul>
                                <li><a href="/staff">{lang.t(Key::staff_home_title)}</a></li>
                                {m.has(Role::Secretariat).then(|| view! {
                                    <li><a href="/staff/queue">{lang.t(Key::queue_title)}</a></li>
                                })}
                                {m.has(Role::Professional).then(|| view! {
                                    <li><a href="/staff/availability">{lang.t(Key::availability_title)}</a></li>
                                    <li><a href="/staff/follow-ups">{lang.t(Key::follow_ups_title)}</a></li>
                                })}
                                {(m.has(Role::Secretariat) || m.has(Role::Professional)).then(|| view! {
                                    <li><a href="/staff/training">{lang.t(Key::nav_training)}</a></li>
                                    <li><a href="/staff/sessions">{lang.t(Key::nav_group_sessions)}</a></li>
                                    <li><a href="/staff/projects">{lang.t(Key::nav_ventures)}</a></li>
                                })}
                                {m.has(Role::Tutor).then(|| view! {
                                    <li><a href="/staff/tutor">{lang.t(Key::nav_tutor)}</a></li>
                                })}
                                {m.has(Role::Secretariat).then(|| view! {
                                    <li><a href="/staff/board">{lang.t(Key::board_title)}</a></li>
                                    <li><a href="/staff/companies">{lang.t(Key::companies_title)}</a></li>
                                })}
                                {(m.has(Role::Secretariat) || m.has(Role::Professional) || m.has(Role::Admin)).then(|| view! {
                                    <li><a href="/staff/dashboard">{lang.t(Key::dashboard_title)}</a></li>
                                })}
                                {m.has(Role::Admin).then(|| view! {
                                    <li><a href="/staff/accounts">{lang.t(Key::accounts_title)}</a></li>
                                    <li><a href="/staff/audit">{lang.t(Key::audit_title)}</a></li>
                                })}
                            </ul>
                            <div class="who">
                                <a href="/staff/account" title=lang.t(Key::my_account_title)>{m.name.clone()}</a>
                                <ActionForm action=logout attr:class="inline">
                                    <button type="submit" class="link">{lang.t(Key::logout)}</button>
                                </ActionForm>
                            </div>
                        </nav>
                    }
                })
            })}
        </Transition>
    }
}

fn notice(lang: Lang, ok: Option<String>) -> Option<impl IntoView> {
    let key = match ok.as_deref()? {
        "out" => Key::login_logged_out,
        "password" => Key::login_password_set,
        "totp" => Key::totp_done,
        "invited" => Key::accounts_invited,
        "roles" => Key::accounts_roles_saved,
        "active" => Key::accounts_active_saved,
        "totp_reset" => Key::accounts_totp_reset_done,
        "password_changed" => Key::password_changed,
        "session_ended" => Key::sessions_ended,
        "others_ended" => Key::sessions_others_ended,
        "sessions_ended" => Key::accounts_sessions_ended,
        "all_sessions_ended" => Key::accounts_all_sessions_ended,
        "concern_seen" => Key::concern_seen_done,
        _ => return None,
    };
    Some(view! { <div class="notice success" role="status"><p>{lang.t(key)}</p></div> })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<StaffLogin>::new();
    let data = Resource::new(|| (), |_| staff_me());
    let error = query_value("e");
    let ok = query_value("ok");
    let message = move || {
        error.get().map(|e| {
            lang.t(match e.as_str() {
                "locked" => Key::login_locked,
                "too_many" => Key::login_too_many,
                "expired" => Key::login_expired,
                _ => Key::login_invalid,
            })
        })
    };
    view! {
        <h1>{lang.t(Key::login_title)}</h1>
        {move || notice(lang, ok.get())}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let view = data.await.unwrap_or(LoginView { me: None, email: String::new() });
                if view.me.as_ref().is_some_and(|m| m.complete) {
                    return Either::Left(view! { <Redirect path="/staff"/> });
                }
                Either::Right(view! {
                    <ActionForm action=action attr:novalidate=true attr:class="narrow">
                        <ErrorSummaryFor
                            show=Signal::derive(move || error.get().is_some())
                            items=Signal::derive(move || vec![("email".to_owned(), lang.t(Key::login_email), message().unwrap_or_default())])
                        />
                        <div class="field">
                            <label for="f-email">{lang.t(Key::login_email)}</label>
                            <input id="f-email" name="email" type="email" autocomplete="username" dir="ltr"
                                required=true prop:value=view.email.clone() value=view.email/>
                        </div>
                        <div class="field">
                            <label for="f-password">{lang.t(Key::login_password)}</label>
                            <input id="f-password" name="password" type="password" autocomplete="current-password"
                                dir="ltr" required=true maxlength="128"/>
                        </div>
                        <div class="actions">
                            <button type="submit" class="primary">{lang.t(Key::login_button)}</button>
                        </div>
                    </ActionForm>
                })
            })}
        </Transition>
    }
}

#[component]
pub fn CodePage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<StaffLoginCode>::new();
    let error = query_value("e");
    view! {
        <h1>{lang.t(Key::code_title)}</h1>
        <p class="lead">{lang.t(Key::code_explain)}</p>
        <ActionForm action=action attr:novalidate=true attr:class="narrow">
            <ErrorSummaryFor
                show=Signal::derive(move || error.get().is_some())
                items=vec![("code".to_owned(), lang.t(Key::code_label), lang.t(Key::code_wrong))]
            />
            <div class="field" class:invalid=move || error.get().is_some()>
                <label for="f-code">{lang.t(Key::code_label)}</label>
                <input id="f-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    dir="ltr" class="short" maxlength="8" required=true/>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::login_button)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn TotpPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ConfirmTotp>::new();
    let data = Resource::new(|| (), |_| load_totp_setup());
    let error = query_value("e");
    view! {
        <h1>{lang.t(Key::totp_title)}</h1>
        <p class="lead">{lang.t(Key::totp_explain)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(setup) => Either::Left(view! {
                        <div class="totp">
                            <div class="qr" inner_html=setup.qr_svg role="img" aria-label=lang.t(Key::totp_qr_label)></div>
                            <p>{lang.t(Key::totp_key_label)} " " <strong class="code" dir="ltr">{setup.secret}</strong></p>
                        </div>
                        <ActionForm action=action attr:novalidate=true attr:class="narrow">
                            <ErrorSummaryFor
                                show=Signal::derive(move || error.get().is_some())
                                items=vec![("code".to_owned(), lang.t(Key::code_label), lang.t(Key::code_wrong))]
                            />
                            <div class="field" class:invalid=move || error.get().is_some()>
                                <label for="f-code">{lang.t(Key::code_label)}</label>
                                <input id="f-code" name="code" type="text" inputmode="numeric"
                                    autocomplete="one-time-code" dir="ltr" class="short" maxlength="8" required=true/>
                            </div>
                            <div class="actions">
                                <button type="submit" class="primary">{lang.t(Key::totp_confirm)}</button>
                            </div>
                        </ActionForm>
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<AcceptInvitation>::new();
    let data = Resource::new(|| (), |_| load_invitation());
    let error = query_value("e");
    let message = move || {
        error.get().map(|e| {
            lang.t(match e.as_str() {
                "too_short" => Key::password_too_short,
                "too_long" => Key::password_too_long,
                "common" => Key::password_common,
                "mismatch" => Key::password_mismatch,
                _ => Key::invitation_expired,
            })
        })
    };
    view! {
        <h1>{lang.t(Key::welcome_title)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(inv)) => Either::Left(view! {
                        <p class="lead">{lang.tf(Key::welcome_explain, &[("name", &inv.name), ("email", &inv.email)])}</p>
                        <ActionForm action=action attr:novalidate=true attr:class="narrow">
                            <ErrorSummaryFor
                                show=Signal::derive(move || error.get().is_some())
                                items=Signal::derive(move || vec![("password".to_owned(), lang.t(Key::login_password), message().unwrap_or_default())])
                            />
                            <input type="text" name="username" autocomplete="username" value=inv.email hidden=true/>
                            <div class="field" class:invalid=move || error.get().is_some()>
                                <label for="f-password">{lang.t(Key::login_password)}</label>
                                <p class="hint" id="password-hint">{lang.t(Key::password_rules)}</p>
                                <input id="f-password" name="password" type="password" autocomplete="new-password"
                                    dir="ltr" minlength="12" maxlength="128" required=true aria-describedby="password-hint"/>
                            </div>
                            <div class="field">
                                <label for="f-confirm">{lang.t(Key::password_confirm)}</label>
                                <input id="f-confirm" name="confirm" type="password" autocomplete="new-password"
                                    dir="ltr" maxlength="128" required=true/>
                            </div>
                            <div class="actions">
                                <button type="submit" class="primary">{lang.t(Key::password_save)}</button>
                            </div>
                        </ActionForm>
                    }),
                    Ok(None) => Either::Right(view! {
                        <div class="notice error" role="alert"><p>{lang.t(Key::invitation_expired)}</p></div>
                    }.into_any()),
                    Err(e) => Either::Right(view! { <Problem error=e/> }.into_any()),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    let lang = use_lang();
    let me = Resource::new(|| (), |_| staff_me());
    let ok = query_value("ok");
    view! {
        <h1>{lang.t(Key::staff_home_title)}</h1>
        {move || notice(lang, ok.get())}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match me.await.ok().and_then(|v| v.me) {
                    // Company contacts have their own portal.
                    Some(m) if m.complete && m.roles == [Role::Company] => {
                        Either::Right(view! { <Redirect path="/company"/> }.into_any())
                    }
                    Some(m) if m.complete => Either::Left(view! {
                        <p class="lead">{lang.tf(Key::staff_home_hello, &[("name", &m.name)])}</p>
                        <p>
                            {lang.t(Key::staff_home_roles)} " "
                            {m.roles.iter().map(|r| role_label(lang, *r)).collect::<Vec<_>>().join(", ")}
                        </p>
                        {m.has(Role::Professional).then(|| view! { <crate::traineeships::pages::Concerns/> })}
                        <ul class="cards">
                            {m.has(Role::Tutor).then(|| view! {
                                <li><a class="button" href="/staff/tutor">{lang.t(Key::tutor_today_title)}</a></li>
                            })}
                            {m.has(Role::Secretariat).then(|| view! {
                                <li><a class="button" href="/staff/queue">{lang.t(Key::queue_title)}</a></li>
                            })}
                            {m.has(Role::Professional).then(|| view! {
                                <li><a class="button" href="/staff/availability">{lang.t(Key::availability_title)}</a></li>
                                <li><a class="button" href="/staff/follow-ups">{lang.t(Key::follow_ups_title)}</a></li>
                            })}
                            {m.has(Role::Secretariat).then(|| view! {
                                <li><a class="button" href="/staff/board">{lang.t(Key::board_title)}</a></li>
                            })}
                            {m.has(Role::Admin).then(|| view! {
                                <li><a class="button" href="/staff/accounts">{lang.t(Key::accounts_title)}</a></li>
                            })}
                        </ul>
                        <h2>{lang.t(Key::security_title)}</h2>
                        <p>
                            {if m.has_totp { lang.t(Key::totp_on) } else { lang.t(Key::totp_off) }} " "
                            <a href="/staff/account">{lang.t(Key::my_account_title)}</a>
                        </p>
                    }),
                    Some(m) if m.has_totp => Either::Right(view! { <Redirect path="/staff/code"/> }.into_any()),
                    Some(_) => Either::Right(view! { <Redirect path="/staff/totp"/> }.into_any()),
                    None => Either::Right(view! { <Redirect path="/staff/login"/> }.into_any()),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let invite = ServerAction::<InviteStaff>::new();
    let roles_action = ServerAction::<SetStaffRoles>::new();
    let active_action = ServerAction::<SetStaffActive>::new();
    let reset_action = ServerAction::<ResetSecondFactor>::new();
    let end_action = ServerAction::<EndStaffSessions>::new();
    let end_all = ServerAction::<EndAllSessions>::new();
    let data = Resource::new(
        move || {
            (
                invite.version().get(),
                roles_action.version().get(),
                active_action.version().get(),
                (
                    reset_action.version().get(),
                    end_action.version().get(),
                    end_all.version().get(),
                ),
            )
        },
        |_| async move {
            let accounts = list_accounts().await?;
            let me = staff_me().await?.me.map(|m| m.id);
            Ok::<_, AppError>((accounts, me))
        },
    );
    let error = query_value("e");
    let ok = query_value("ok");
    let message = move || {
        error.get().map(|e| {
            let (field, key) = match e.as_str() {
                "email" => ("email", Key::accounts_err_email),
                "name" => ("name", Key::accounts_err_name),
                "roles" => ("roles", Key::accounts_err_roles),
                "exists" => ("email", Key::accounts_err_exists),
                "own_admin" => ("list", Key::accounts_err_own_admin),
                _ => ("list", Key::accounts_err_own_account),
            };
            (field.to_owned(), lang.t(key))
        })
    };
    view! {
        <h1>{lang.t(Key::accounts_title)}</h1>
        {move || notice(lang, ok.get())}
        <ErrorSummaryFor
            show=Signal::derive(move || error.get().is_some())
            items=Signal::derive(move || message().map(|(f, m)| vec![(f, lang.t(Key::accounts_title), m)]).unwrap_or_default())
        />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((accounts, me)) => Either::Left(view! {
                        <div class="table-wrap" id="f-list">
                            <table>
                                <caption>{lang.t(Key::accounts_list)}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t(Key::accounts_name)}</th>
                                    <th scope="col">{lang.t(Key::login_email)}</th>
                                    <th scope="col">{lang.t(Key::accounts_roles)}</th>
                                    <th scope="col">{lang.t(Key::accounts_state)}</th>
                                </tr></thead>
                                <tbody>
                                    {accounts
                                        .into_iter()
                                        .map(|a| account_row(lang, a, me, AccountActions { roles: roles_action, active: active_action, reset: reset_action, end: end_action }))
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
        <h2>{lang.t(Key::accounts_end_all)}</h2>
        <p>{lang.t(Key::accounts_end_all_explain)}</p>
        <ActionForm action=end_all attr:id="end-all">
            <button type="submit">{lang.t(Key::accounts_end_all)}</button>
        </ActionForm>
        <h2>{lang.t(Key::accounts_invite_title)}</h2>
        <ActionForm action=invite attr:novalidate=true attr:class="narrow" attr:id="invite">
            <div class="field">
                <label for="f-name">{lang.t(Key::accounts_name)}</label>
                <input id="f-name" name="name" type="text" maxlength="100" required=true autocomplete="off"/>
            </div>
            <div class="field">
                <label for="f-email">{lang.t(Key::login_email)}</label>
                <input id="f-email" name="email" type="email" dir="ltr" required=true autocomplete="off"/>
            </div>
            <fieldset class="field" id="f-roles">
                <legend>{lang.t(Key::accounts_roles)}</legend>
                {Role::STAFF.into_iter().map(|r| view! {
                    <label class="choice">
                        <input type="checkbox" name=format!("roles[{}]", r.code())/>
                        <span>{role_label(lang, r)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::accounts_invite_button)}</button>
            </div>
        </ActionForm>
    }
}

/// The forms of one account's row.
#[derive(Clone, Copy)]
struct AccountActions {
    roles: ServerAction<SetStaffRoles>,
    active: ServerAction<SetStaffActive>,
    reset: ServerAction<ResetSecondFactor>,
    end: ServerAction<EndStaffSessions>,
}

fn account_row(
    lang: Lang,
    a: AccountView,
    me: Option<StaffId>,
    actions: AccountActions,
) -> impl IntoView {
    let state = if !a.active {
        lang.t(Key::accounts_inactive)
    } else if !a.has_password {
        lang.t(Key::accounts_invited_pending)
    } else {
        lang.t(Key::accounts_active)
    };
    let id = a.id;
    let roles_label = format!("{} – {}", lang.t(Key::accounts_save_roles), a.name);
    let active_text = if a.active {
        lang.t(Key::accounts_deactivate)
    } else {
        lang.t(Key::accounts_reactivate)
    };
    let active_label = format!("{active_text} – {}", a.name);
    let reset_label = format!("{} – {}", lang.t(Key::accounts_reset_totp), a.name);
    let end_label = format!("{} – {}", lang.t(Key::accounts_end_sessions), a.name);
    let own = me == Some(a.id);
    view! {
        <tr>
            <th scope="row">{a.name.clone()}</th>
            <td dir="ltr">{a.email.clone()}</td>
            <td>
                <ActionForm action=actions.roles attr:class="roles">
                    <input type="hidden" name="id" value=id.to_string()/>
                    {Role::STAFF.into_iter().map(|r| view! {
                        <label class="choice">
                            <input type="checkbox" name=format!("roles[{}]", r.code()) checked=a.roles.contains(&r)/>
                            <span>{role_label(lang, r)}</span>
                        </label>
                    }).collect_view()}
                    <button type="submit" aria-label=roles_label>
                        {lang.t(Key::accounts_save_roles)}
                    </button>
                </ActionForm>
            </td>
            <td>
                <p>{state} {a.has_totp.then(|| format!(" · {}", lang.t(Key::totp_on)))}</p>
                {(!own).then(|| view! {
                    <ActionForm action=actions.active>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="active" value=if a.active { "no" } else { "yes" }/>
                        <button type="submit" aria-label=active_label.clone()>
                            {active_text}
                        </button>
                    </ActionForm>
                })}
                // An admin's own second factor and sessions are not reset from here (the server refuses
                // too): resetting one's own second factor would pass it with a password alone.
                {(a.has_totp && !own).then(|| view! {
                    <ActionForm action=actions.reset>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" aria-label=reset_label>
                            {lang.t(Key::accounts_reset_totp)}
                        </button>
                    </ActionForm>
                })}
                <p>{lang.t(Key::accounts_sessions_open)} " " {a.sessions}</p>
                {(a.sessions > 0 && !own).then(|| view! {
                    <ActionForm action=actions.end>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" aria-label=end_label>
                            {lang.t(Key::accounts_end_sessions)}
                        </button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// The caller's own account: second factor, password change, and the sessions open in their name.
#[component]
pub fn MyAccountPage() -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangePassword>::new();
    let end_one = ServerAction::<EndMySession>::new();
    let end_others = ServerAction::<EndMyOtherSessions>::new();
    let everywhere = ServerAction::<StaffLogoutEverywhere>::new();
    let data = Resource::new(
        move || {
            (
                end_one.version().get(),
                end_others.version().get(),
                change.version().get(),
            )
        },
        |_| load_my_account(),
    );
    let error = query_value("e");
    let ok = query_value("ok");
    // Problems of the password form, by field; a missing session is told beside the list.
    let problem = move || {
        error.get().and_then(|e| {
            let (field, key) = match e.as_str() {
                "current" => ("current", Key::password_current_wrong),
                "too_many" => ("current", Key::problem_too_many_attempts),
                "too_short" => ("password", Key::password_too_short),
                "too_long" => ("password", Key::password_too_long),
                "common" => ("password", Key::password_common),
                "mismatch" => ("confirm", Key::password_mismatch),
                _ => return None,
            };
            Some((field, lang.t(key)))
        })
    };
    let field_error = move |name: &'static str| {
        problem()
            .filter(|(f, _)| *f == name)
            .map(|(_, m)| view! { <p class="error" id=format!("{name}-error")>{m}</p> })
    };
    let invalid = move |name: &'static str| problem().is_some_and(|(f, _)| f == name);
    let label_of = move |field: &str| match field {
        "current" => lang.t(Key::password_current),
        "password" => lang.t(Key::password_new),
        _ => lang.t(Key::password_confirm),
    };
    view! {
        <h1>{lang.t(Key::my_account_title)}</h1>
        {move || notice(lang, ok.get())}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(account) => Either::Left(view! {
                        <section aria-labelledby="totp-title">
                            <h2 id="totp-title">{lang.t(Key::security_title)}</h2>
                            <p>
                                {if account.has_totp { lang.t(Key::totp_on) } else { lang.t(Key::totp_off) }} " "
                                {(!account.has_totp).then(|| view! {
                                    <a href="/staff/totp">{lang.t(Key::totp_setup_link)}</a>
                                })}
                            </p>
                        </section>
                        <section id="password" aria-labelledby="password-title">
                            <h2 id="password-title">{lang.t(Key::password_change_title)}</h2>
                            <ActionForm action=change attr:novalidate=true attr:class="narrow">
                                <ErrorSummaryFor
                                    show=Signal::derive(move || problem().is_some())
                                    items=Signal::derive(move || problem()
                                        .map(|(f, m)| vec![(f.to_owned(), label_of(f), m)])
                                        .unwrap_or_default())
                                />
                                <input type="text" name="username" autocomplete="username" value=account.email.clone() hidden=true/>
                                <div class="field" class:invalid=move || invalid("current")>
                                    <label for="f-current">{lang.t(Key::password_current)}</label>
                                    {move || field_error("current")}
                                    <input id="f-current" name="current" type="password" autocomplete="current-password"
                                        dir="ltr" maxlength="128" required=true aria-describedby="current-error"/>
                                </div>
                                <div class="field" class:invalid=move || invalid("password")>
                                    <label for="f-password">{lang.t(Key::password_new)}</label>
                                    <p class="hint" id="password-hint">{lang.t(Key::password_rules)}</p>
                                    {move || field_error("password")}
                                    <input id="f-password" name="password" type="password" autocomplete="new-password"
                                        dir="ltr" minlength="12" maxlength="128" required=true
                                        aria-describedby="password-hint password-error"/>
                                </div>
                                <div class="field" class:invalid=move || invalid("confirm")>
                                    <label for="f-confirm">{lang.t(Key::password_confirm)}</label>
                                    {move || field_error("confirm")}
                                    <input id="f-confirm" name="confirm" type="password" autocomplete="new-password"
                                        dir="ltr" maxlength="128" required=true aria-describedby="confirm-error"/>
                                </div>
                                <label class="choice">
                                    <input type="checkbox" name="end_others" value="on" checked=true/>
                                    <span>{lang.t(Key::password_end_others)}</span>
                                </label>
                                <div class="actions">
                                    <button type="submit" class="primary">{lang.t(Key::password_change_button)}</button>
                                </div>
                            </ActionForm>
                        </section>
                        <section id="sessions" aria-labelledby="sessions-title">
                            <h2 id="sessions-title">{lang.t(Key::sessions_title)}</h2>
                            <p>{lang.t(Key::sessions_explain)}</p>
                            {move || (error.get().as_deref() == Some("session")).then(|| view! {
                                <div class="notice" role="status"><p>{lang.t(Key::sessions_not_found)}</p></div>
                            })}
                            <ul class="sessions">
                                {account.sessions.into_iter().map(|s| {
                                    let label = format!("{} – {}", lang.t(Key::sessions_end), s.device);
                                    view! {
                                        <li class="card" class:current=s.this_one>
                                            <p>
                                                <strong dir="ltr">{s.device.clone()}</strong>
                                                {s.this_one.then(|| view! { " " <span class="tag">{lang.t(Key::sessions_this_one)}</span> })}
                                                {(!s.complete).then(|| view! { " " <span class="tag">{lang.t(Key::sessions_waiting_code)}</span> })}
                                            </p>
                                            <dl class="facts">
                                                <dt>{lang.t(Key::sessions_started)}</dt><dd>{s.started}</dd>
                                                <dt>{lang.t(Key::sessions_last_used)}</dt><dd>{s.last_used}</dd>
                                            </dl>
                                            <ActionForm action=end_one>
                                                <input type="hidden" name="key" value=s.key/>
                                                <button type="submit" aria-label=label>{lang.t(Key::sessions_end)}</button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <div class="actions">
                                <ActionForm action=end_others attr:class="inline">
                                    <button type="submit">{lang.t(Key::sessions_end_others)}</button>
                                </ActionForm>
                                <ActionForm action=everywhere attr:class="inline">
                                    <button type="submit">{lang.t(Key::logout_everywhere)}</button>
                                </ActionForm>
                            </div>
                        </section>
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}
