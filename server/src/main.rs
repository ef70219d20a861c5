//! `server`: one binary for every way Chef Galaxy runs.

use clap::{Parser, Subcommand};
use server::config::Config;

#[derive(Parser)]
#[command(
    name = "server",
    version,
    about = "Chef Galaxy: private chefs for every occasion"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site and the API (the default when no command is given).
    Serve,
    /// Bring the database schema up to date, or step it back.
    Migrate {
        #[command(subcommand)]
        direction: Option<Migration>,
    },
    /// Fill the database with demo chefs and dishes (safe to run again).
    Seed,
}

#[derive(Subcommand, Clone, Copy)]
enum Migration {
    /// Apply every pending migration (the default).
    Up,
    /// Revert the most recent migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

fn main() -> anyhow::Result<()> {
    // A missing .env is normal; a broken one is worth saying.
    if let Err(error) = dotenvy::dotenv() {
        if !error.not_found() {
            eprintln!("warning: ignoring .env: {error}");
        }
    }
    let cli = Cli::parse();
    let config = Config::from_env()?;
    let _sentry = server::telemetry::init(&config);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(cli.command.unwrap_or(Command::Serve), config))
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    use migrations::{Migrator, MigratorTrait};
    match command {
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(config.site_addr).await?;
            server::serve(config, listener, server::shutdown_signal()).await
        }
        Command::Migrate { direction } => {
            let db = server::connect_database(&config).await?;
            match direction.unwrap_or(Migration::Up) {
                Migration::Up => Migrator::up(&db, None).await?,
                Migration::Down { steps } => Migrator::down(&db, Some(steps)).await?,
                Migration::Status => Migrator::status(&db).await?,
            }
            println!("migrations done ({})", config.database_kind());
            Ok(())
        }
        Command::Seed => {
            let db = server::connect_database(&config).await?;
            backend::db::migrate(&db).await?;
            let report = backend::seed::seed_demo_data(&db).await?;
            println!(
                "seeded {} chefs and {} dishes into {} (demo login: {} / {})",
                report.chefs_created,
                report.dishes_created,
                config.database_kind(),
                backend::seed::DEMO_CUSTOMER_EMAIL,
                backend::seed::DEMO_PASSWORD,
            );
            Ok(())
        }
    }
}
