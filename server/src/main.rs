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
    /// Run background jobs and schedules only, no web server (stops on SIGTERM or Ctrl-C,
    /// after the job in progress).
    Worker,
    /// Give the account with this email admin rights (dead jobs, the email outbox).
    GrantAdmin { email: String },
    /// Rebuild search indexes from the database beside the live ones, then swap them in:
    /// searches keep working throughout.
    Reindex {
        /// chefs, dishes, questions, posts, people, or all (the default).
        #[arg(default_value = "all")]
        index: String,
    },
    /// Measure; prints figures, changes nothing it did not create.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// The job queue: jobs/s drained by K workers and the delay from run_at to start.
    Jobs {
        /// How many jobs to enqueue.
        #[arg(long, default_value_t = 100_000)]
        jobs: usize,
        /// How many workers claim and run them at once.
        #[arg(long, default_value_t = 4)]
        workers: usize,
        /// How many jobs a worker claims at a time.
        #[arg(long, default_value_t = 32)]
        batch: u64,
        /// How many of its jobs a worker runs at once (default: as `server worker` does).
        #[arg(long)]
        concurrency: Option<usize>,
    },
    /// The feeds: a power-law follow graph and posts, then p50/p95/p99 of Following and For
    /// you first and next pages, posts/s written, and memory. Use a database of its own.
    Feed {
        /// How many people to generate.
        #[arg(long, default_value_t = 10_000)]
        users: usize,
        /// How many posts to generate.
        #[arg(long, default_value_t = 1_000_000)]
        posts: usize,
        /// How many readers to time each page for.
        #[arg(long, default_value_t = 1_000)]
        reads: usize,
    },
    /// The knowledge section: p50/p99 of a question page (ten answers, comments, reputation,
    /// chef records) and of the similar-questions lookup. Use a database of its own.
    Knowledge {
        /// How many questions to generate.
        #[arg(long, default_value_t = 200_000)]
        questions: usize,
        /// How many pages and lookups to time.
        #[arg(long, default_value_t = 500)]
        reads: usize,
    },
    /// What each page and API answer costs the server in CPU, as a ratio to /healthz, and
    /// requests/s, over the configured database (seeded with the demo data if empty).
    Http {
        /// How long to measure each address for, in seconds.
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
        /// Requests kept in flight at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
    /// The search engine: indexing time, memory, and latency of a fixed mix of geo, text and
    /// filter queries, checked against a brute-force distance reference.
    Search {
        /// How many chefs to generate around the cities we serve.
        #[arg(long, default_value_t = 100_000)]
        chefs: usize,
        /// How many timed queries to run.
        #[arg(long, default_value_t = 10_000)]
        queries: usize,
        /// How many random geo queries to compare with the brute-force reference.
        #[arg(long, default_value_t = 10_000)]
        checks: usize,
    },
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
        Command::Worker => {
            let db = server::connect_database(&config).await?;
            if config.auto_migrate {
                backend::db::migrate(&db).await?;
            }
            let search = config.search_engine().await?;
            let services = backend::Services::new(config.deps(db, search)?);
            let worker = server::run_worker(
                std::sync::Arc::new(config),
                &services,
                "worker",
                server::shutdown_signal(),
            )?;
            worker.await;
            tracing::info!("worker stopped");
            Ok(())
        }
        Command::GrantAdmin { email } => {
            let db = server::connect_database(&config).await?;
            backend::db::migrate(&db).await?;
            let user = backend::accounts::grant_admin(&db, &email, config.clock().now()).await?;
            println!("{} ({}) is now an admin", user.display_name, user.email);
            Ok(())
        }
        Command::Reindex { index } => {
            let indexes = match index.as_str() {
                "all" => backend::search::IndexName::ALL.to_vec(),
                code => vec![backend::search::IndexName::parse(code).ok_or_else(|| {
                    anyhow::anyhow!("unknown index {code:?}: use chefs, dishes, questions, posts, people or all")
                })?],
            };
            let db = server::connect_database(&config).await?;
            backend::db::migrate(&db).await?;
            let search = config.search_engine().await?;
            for index in indexes {
                server::reindex_with_progress(&db, search.as_ref(), &config.clock(), index).await?;
            }
            Ok(())
        }
        Command::Bench {
            what:
                Bench::Search {
                    chefs,
                    queries,
                    checks,
                },
        } => {
            let bench = server::bench::SearchBench {
                chefs,
                queries,
                checks,
            };
            server::bench::search(&config, &bench).await
        }
        Command::Bench {
            what: Bench::Http {
                seconds,
                concurrency,
            },
        } => {
            let bench = server::bench::HttpBench {
                seconds: seconds.max(0.1),
                concurrency: concurrency.max(1),
            };
            server::bench::http(config, &bench).await
        }
        Command::Bench {
            what:
                Bench::Jobs {
                    jobs,
                    workers,
                    batch,
                    concurrency,
                },
        } => {
            let db = server::connect_database(&config).await?;
            backend::db::migrate(&db).await?;
            let bench = server::bench::JobsBench {
                jobs,
                workers: workers.max(1),
                batch: batch.max(1),
                concurrency: concurrency.map(|n| n.max(1)),
            };
            server::bench::jobs(&db, &bench).await
        }
        Command::Bench {
            what:
                Bench::Feed {
                    users,
                    posts,
                    reads,
                },
        } => {
            let db = server::connect_database(&config).await?;
            backend::db::migrate(&db).await?;
            let search = config.search_engine().await?;
            let services = backend::Services::new(config.deps(db.clone(), search)?);
            let bench = server::bench::FeedBench {
                users: users.max(2),
                posts,
                reads: reads.max(1),
            };
            server::bench::feed(&services, &db, &bench).await
        }
        Command::Bench {
            what: Bench::Knowledge { questions, reads },
        } => {
            let db = server::connect_database(&config).await?;
            backend::db::migrate(&db).await?;
            let search = config.search_engine().await?;
            let services = backend::Services::new(config.deps(db.clone(), search)?);
            let bench = server::bench::KnowledgeBench {
                questions: questions.max(1),
                reads: reads.clamp(1, questions.max(1)),
            };
            server::bench::knowledge(&services, &db, &bench).await
        }
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
            println!("{}", server::seed(&config).await?);
            Ok(())
        }
    }
}
