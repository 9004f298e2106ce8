//! `skymarshal operator [NAME]`: the duty manager's name that every
//! decision and handover in this history records, shown or set.

use clap::Args;

use crate::{console, exit};

#[derive(Debug, Args)]
pub(crate) struct OperatorArgs {
    /// The duty manager's name to set (omit it to show the one set).
    #[arg(value_name = "NAME")]
    name: Option<String>,
}

pub(crate) async fn run(args: &OperatorArgs) -> anyhow::Result<u8> {
    let console = match console::open().await {
        Ok(console) => console,
        Err(error) => return Ok(exit::refused(&error)),
    };
    let answer = match &args.name {
        Some(name) => console.set_operator(name).await.map(|()| None),
        None => console.operator().await.map(Some),
    };
    match answer {
        Ok(None) => {
            let name = console.operator().await.ok().flatten().unwrap_or_default();
            println!("The operator name is now {name:?}; decisions and handovers record it.");
        }
        Ok(Some(Some(name))) => println!("The operator name is {name:?}."),
        Ok(Some(None)) => {
            println!("No operator name is set; set one with `skymarshal operator NAME`.");
        }
        Err(error) => return Ok(exit::refused(&error)),
    }
    Ok(0)
}
