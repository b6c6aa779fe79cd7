//! The writer's cycle across commands (issue 30): publish a draft,
//! re-articleize a published post, rewrap, contextualize; each command
//! keeps the rules and the work of the others.

mod publish;
mod rearticleize;
