//! Where an analysis can be sent: the environments the console offers
//! (the training simulator and the configured deployments), the snapshot
//! of them with each one's client, changes made from the window, the
//! credentials each needs, and their health check.

pub(crate) mod aws;
pub(crate) mod credentials;
pub(crate) mod doctor;
pub(crate) mod environment;
pub(crate) mod manage;
pub(crate) mod registry;
