//! Every storage function against a real SQLite file in a temporary folder, one module per
//! table (the dashboard's queries and the database file itself have their own).

mod activity;
mod assets;
mod dashboard;
mod database;
mod jobs;
mod segments;
mod settings;
mod support;
mod takes;
mod templates;
