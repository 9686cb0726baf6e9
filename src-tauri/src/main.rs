/// Freed memory is wiped: see `WipingAllocator`.
#[global_allocator]
static ALLOCATOR: channel_desk_core::security::process::WipingAllocator =
    channel_desk_core::security::process::WipingAllocator;

fn main() {
    channel_desk_app::run()
}
