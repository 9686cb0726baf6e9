fn main() {
    channel_desk_app::run()
}
