//! The short session the README's first command runs: list organizations, create one (its write
//! confirmed on the exact request), add a user and a membership, page through a list, read an
//! error, and clean up, printing each step as it goes.
//!
//! With `WORKOS_API_KEY` set it talks to WorkOS, and each write is asked on the terminal (or
//! sent with `--yes`; without either it is refused and the steps that need it are skipped).
//! Without a key it starts the local emulator in-process with the demo data, where writes are
//! shown and then confirmed on the spot.

use std::future::Future;

use actionspec_agent::cli::person_policy;
use actionspec_agent::describe;
use actionspec_agent::exit;
use workos_client::models::{DomainData, DomainDataState};
use workos_client::runtime::{Decision, Error, WritePolicy, WriteRequest};
use workos_client::{Client, params};

/// Where the session runs, and how its writes are confirmed.
enum Target {
    WorkOs,
    Emulator(crate::emulator::Running),
}

/// Runs the session; answers the process exit code.
pub async fn run(yes: bool) -> u8 {
    let has_key = crate::SURFACE.has_key();
    let target = if has_key {
        println!("WORKOS_API_KEY is set: this session talks to WorkOS. Every write asks first.");
        Target::WorkOs
    } else {
        match crate::emulator::emulator(true).spawn("127.0.0.1:0").await {
            Ok(running) => {
                println!(
                    "No WORKOS_API_KEY, so this session runs against a local WorkOS emulator at {}\n\
                     holding demo data. Set WORKOS_API_KEY to run the same session against WorkOS.",
                    running.base_url()
                );
                Target::Emulator(running)
            }
            Err(error) => {
                eprintln!("workos-actions demo: could not start the emulator: {error}");
                return exit::INTERNAL;
            }
        }
    };
    let client = match client(&target, yes) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("workos-actions demo: {error}");
            return exit::code_of(&error);
        }
    };
    let code = match session(&client).await {
        Ok(()) => {
            println!(
                "\nDone. Next: `workos-actions list`, `workos-actions describe ACTION`, \
                 `workos-actions call ACTION name=value ...`, or `workos-actions mcp` for an AI agent."
            );
            exit::OK
        }
        Err(error) => {
            eprintln!("workos-actions demo: stopped: {error}");
            exit::code_of(&error)
        }
    };
    if let Target::Emulator(running) = target {
        running.stop();
    }
    code
}

fn client(target: &Target, yes: bool) -> Result<Client, Error> {
    let builder =
        Client::builder().user_agent(concat!("workos-actions-demo/", env!("CARGO_PKG_VERSION")));
    let builder = match target {
        Target::WorkOs => builder.from_env().write_policy(person_policy(yes)),
        Target::Emulator(running) => builder
            .api_key("sk_test_demo")
            .base_url(running.base_url())
            .write_policy(WritePolicy::confirm(show_and_confirm)),
    };
    builder.build().map(Client::from)
}

/// The emulator's confirmation: the request is shown exactly as a person would see it, then
/// sent, since nothing real can be harmed.
async fn show_and_confirm(request: WriteRequest) -> Decision {
    for line in describe::write_request(&request).lines() {
        println!("    {line}");
    }
    println!("    confirmed: this is the local emulator");
    Decision::Allow
}

fn step(title: &str) {
    println!("\n==> {title}");
}

/// A write's result, or `None` (said so) when it was refused: the steps after it that need it
/// are skipped.
async fn write<T>(call: impl Future<Output = Result<T, Error>>) -> Result<Option<T>, Error> {
    match call.await {
        Ok(value) => Ok(Some(value)),
        Err(error @ Error::WriteRefused { .. }) => {
            println!("    not sent: {error}");
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

async fn session(client: &Client) -> Result<(), Error> {
    step("1. List organizations (workos_organizations_list, limit=5)");
    let page = client
        .organizations_list(params::OrganizationsListParams::new().limit(5))
        .await?;
    for organization in &page.items {
        let domains: Vec<&str> = organization
            .domains
            .iter()
            .map(|domain| domain.domain.as_str())
            .collect();
        println!(
            "    {}  {}  [{}]",
            organization.id,
            organization.name,
            domains.join(", ")
        );
    }
    if page.items.is_empty() {
        println!("    (no organizations yet)");
    }

    step("2. Create an organization (workos_organization_create): a write, confirmed first");
    let suffix = format!("{:04x}", fastrand::u16(..));
    let domain = format!("demo-{suffix}.example.com");
    let create = params::OrganizationCreateParams::new(format!("Demo Co {suffix}"))
        .domain_data(vec![DomainData::new(&domain, DomainDataState::Verified)]);
    let Some(organization) = write(client.organization_create(create)).await? else {
        println!("\nThe rest of the session needs that organization; run it again to confirm.");
        return Ok(());
    };
    println!("    created {}  {}", organization.id, organization.name);

    step(
        "3. Add a user and make them a member (workos_user_create, then workos_organization_membership_create)",
    );
    let email = format!("ada-{suffix}@{domain}");
    let user = params::UserCreateParams::new(&email)
        .first_name("Ada")
        .last_name("Lovelace");
    if let Some(user) = write(client.user_create(user)).await? {
        println!("    created {}  {}", user.id, user.email);
        let membership =
            params::OrganizationMembershipCreateParams::new(&user.id, &organization.id)
                .role_slug("member");
        if let Some(membership) = write(client.organization_membership_create(membership)).await? {
            println!(
                "    created {}  {} in {} ({})",
                membership.id,
                membership.user_id,
                membership.organization_id,
                membership.status.as_str()
            );
        }
    }

    step("4. Page through the users, two a page (workos_users_list, limit=2, following `after`)");
    let mut cursor: Option<String> = None;
    for number in 1..=3 {
        let mut request = params::UsersListParams::new().limit(2);
        if let Some(after) = &cursor {
            request = request.after(after);
        }
        let page = client.users_list(request).await?;
        let emails: Vec<&str> = page.items.iter().map(|user| user.email.as_str()).collect();
        println!("    page {number}: {}", emails.join(", "));
        cursor = page.next_cursor;
        if cursor.is_none() {
            println!("    (the last page)");
            break;
        }
    }

    step("5. Errors, as they read");
    println!("    An organization that does not exist (workos_organization_get):");
    let missing = params::OrganizationGetParams::new("org_01DEMO0000000000000000000");
    if let Err(error) = client.organization_get(missing).await {
        describe_error(&error);
    }
    println!("    A page size the catalog does not allow (limit=500), refused before sending:");
    let too_many = params::OrganizationsListParams::new().limit(500);
    if let Err(error) = client.organizations_list(too_many).await {
        describe_error(&error);
    }

    step("6. Clean up (workos_organization_delete): a destructive write, confirmed the same way");
    let delete = params::OrganizationDeleteParams::new(&organization.id);
    if write(client.organization_delete(delete)).await?.is_some() {
        println!(
            "    deleted {} and, with it, its memberships",
            organization.id
        );
    }
    Ok(())
}

fn describe_error(error: &Error) {
    let status = error
        .status()
        .map_or_else(|| "nothing sent".to_owned(), |status| status.to_string());
    println!(
        "      kind {}, status {status}, request id {}",
        error.kind(),
        error.request_id().unwrap_or("none")
    );
    for line in error.to_string().lines() {
        println!("      {}", line.trim_start());
    }
}
