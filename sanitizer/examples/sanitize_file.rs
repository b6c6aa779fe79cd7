//! Sanitizes a file N times in-process (for profiling): `sanitize_file PATH [N]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: sanitize_file PATH [N]");
    let times: usize = args.next().map_or(1, |n| n.parse().expect("N is a number"));
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let sanitizer =
        sanitizer::Sanitizer::new(&sanitizer::Options::default()).expect("defaults are valid");
    let mut total = 0;
    for _ in 0..times {
        total += sanitizer.sanitize(&text).text.len();
    }
    println!("{total}");
}
