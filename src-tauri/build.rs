fn main() {
    // The config sits at the repository root beside the root Cargo.toml.
    tauri_build::build()
}
