//! With `SMTP_URL` set, the email job hands each message to a real SMTP server: here
//! Python's debugging SMTP server (CPython 3.11's `smtpd`), which prints what it receives.

use backend::{
    background,
    email::{self, Draft, Mailer},
    entities::emails,
};
use domain::account::SignupForm;
use sea_orm::EntityTrait;
use std::{
    io::Read,
    net::TcpStream,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

mod common;

fn python_smtp_server_available() -> bool {
    Command::new("python3")
        .args(["-c", "import smtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

#[tokio::test]
async fn an_email_goes_to_the_smtp_server_once_and_is_marked_sent_over_smtp() {
    if !python_smtp_server_available() {
        eprintln!("SKIPPED: python3 with the smtpd module (CPython <= 3.11) is not installed");
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut smtp_server = Command::new("python3")
        .args([
            "-u",
            "-W",
            "ignore",
            "-m",
            "smtpd",
            "-n",
            "-c",
            "DebuggingServer",
        ])
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "smtpd did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let test_db = common::sqlite().await;
    let db = test_db.db.clone();
    let services = common::services(db.clone());
    let ana = services
        .accounts
        .sign_up(&SignupForm {
            email: "ana@example.com".into(),
            password: "saffron-risotto-42".into(),
            display_name: "Ana Lopez".into(),
            as_chef: false,
        })
        .await
        .unwrap();
    // The sign-up's own search index job, so the pass below runs only the email.
    background::worker(services.deps(), "index", Mailer::outbox_only())
        .run_once()
        .await
        .unwrap();
    let draft = Draft {
        recipient_id: ana.id,
        subject: "Your booking is confirmed".into(),
        body: "See you on Saturday.".into(),
        idempotency_key: "test:smtp".into(),
    };
    assert!(email::queue(&db, draft, backend::Clock::system().now())
        .await
        .unwrap());

    let mailer = Mailer::smtp(&format!("smtp://127.0.0.1:{port}"), email::DEFAULT_FROM).unwrap();
    let worker = background::worker(services.deps(), "smtp-test", mailer);
    let pass = worker.run_once().await.unwrap();
    assert_eq!((pass.completed, pass.failed), (1, 0));
    let sent = emails::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(sent.via.as_deref(), Some("smtp"));
    assert_eq!(worker.run_once().await.unwrap().completed, 0, "sent once");

    smtp_server.kill().unwrap();
    let mut received = String::new();
    smtp_server
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut received)
        .unwrap();
    smtp_server.wait().unwrap();
    assert!(
        received.contains("Subject: Your booking is confirmed"),
        "{received}"
    );
    assert!(received.contains("ana@example.com"), "{received}");
    assert!(received.contains("See you on Saturday."), "{received}");
}
