//! Raw bytes on a real TCP socket: partial request lines, headers that never end, bodies
//! shorter than their `Content-Length`, writers that send a byte at a time, garbage. The
//! server must cut such clients off in bounded time and keep answering everyone else at
//! once, meanwhile and after. Bounded: a seeded generator, a fixed number of connections,
//! well under 20 seconds in all.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{config, Emulator};
use hyper::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use verify_server::limits::Bounds;
use verify_server::Config;

/// A small xorshift generator: the same seed, the same bytes, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A server whose clients have two seconds for a request's head and two for its body.
fn quick_timeouts(connections: usize) -> Config {
    Config {
        bounds: Bounds {
            header_timeout: Duration::from_secs(2),
            body_timeout: Duration::from_secs(2),
            connections,
            ..Bounds::default()
        },
        ..config()
    }
}

/// Reads until the server closes the connection or `within` passes; returns what was
/// read and whether it closed.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (Vec<u8>, bool) {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return (seen, false),
            Ok(Ok(0)) | Ok(Err(_)) => return (seen, true),
            Ok(Ok(n)) => seen.extend_from_slice(&buffer[..n]),
        }
    }
}

const VALID: &str = "POST /verify/json HTTP/1.1\r\nHost: 127.0.0.1\r\n\
Content-Type: application/json\r\nContent-Length: 41\r\n\r\n\
{\"number\":\"447700900001\",\"brand\":\"Acme\"}";

#[tokio::test]
async fn half_a_request_head_is_cut_off_after_the_header_timeout() {
    let emulator = Emulator::start(quick_timeouts(1024)).await;
    let mut slow = TcpStream::connect(&emulator.base["http://".len()..])
        .await
        .expect("connects");
    slow.write_all(b"GET /_sim/clock HTTP/1.1\r\nHost: 127")
        .await
        .expect("writes");
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(6)).await;
    assert!(closed, "the server closes a head that never ends");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1_500) && waited < Duration::from_secs(5),
        "after the 2 s header timeout, not before nor much later: {waited:?}"
    );
    emulator.stop().await;
}

#[tokio::test]
async fn a_body_shorter_than_its_length_gets_an_answer_after_the_body_timeout() {
    let emulator = Emulator::start(quick_timeouts(1024)).await;
    let mut short = TcpStream::connect(&emulator.base["http://".len()..])
        .await
        .expect("connects");
    short
        .write_all(
            b"POST /verify/json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"number\":",
        )
        .await
        .expect("writes");
    let started = Instant::now();
    let (answer, _) = read_until_closed(&mut short, Duration::from_secs(6)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "an error answer, not a wait for ever: {answer:?}"
    );
    assert!(answer.contains("did not arrive in time"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    emulator.stop().await;
}

#[tokio::test]
async fn connections_are_bounded_and_idle_ones_do_not_hold_their_place() {
    let emulator = Emulator::start(quick_timeouts(8)).await;
    let address = &emulator.base["http://".len()..];
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(TcpStream::connect(address).await.expect("connects"));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut over = TcpStream::connect(address).await.expect("connects");
    let (answer, closed) = read_until_closed(&mut over, Duration::from_secs(2)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(closed && answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    assert!(answer.contains("8 connections"), "{answer}");
    // The idle ones are closed by the header timeout, and their places come back.
    for stream in &mut idle {
        let (_, closed) = read_until_closed(stream, Duration::from_secs(5)).await;
        assert!(closed, "an idle connection is closed");
    }
    let clock = emulator.get("/_sim/clock").await;
    assert_eq!(clock.status, StatusCode::OK);
    emulator.stop().await;
}

/// One hostile connection, chosen by `rng`.
async fn hostile(address: String, mut rng: Rng) {
    let Ok(mut stream) = TcpStream::connect(&address).await else {
        return;
    };
    let kind = rng.below(6);
    let result: std::io::Result<()> = async {
        match kind {
            // Garbage.
            0 => {
                let n = rng.below(2_000) as usize + 1;
                stream.write_all(&rng.bytes(n)).await?;
            }
            // A valid request cut anywhere.
            1 => {
                let cut = rng.below(VALID.len() as u64) as usize;
                stream.write_all(&VALID.as_bytes()[..cut]).await?;
            }
            // Headers that never end.
            2 => {
                stream
                    .write_all(b"GET /_sim/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .await?;
                for i in 0..rng.below(50) {
                    stream
                        .write_all(format!("X-Filler-{i}: {}\r\n", rng.next()).as_bytes())
                        .await?;
                }
            }
            // A body shorter than its length.
            3 => {
                let head = "POST /verify/check/json HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                            Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
                stream.write_all(head.as_bytes()).await?;
                let n = rng.below(200) as usize;
                stream.write_all(&rng.bytes(n)).await?;
            }
            // A slow writer: a valid request a byte at a time.
            4 => {
                let upto = rng.below(VALID.len() as u64 + 1) as usize;
                for byte in &VALID.as_bytes()[..upto] {
                    stream.write_all(&[*byte]).await?;
                    tokio::time::sleep(Duration::from_millis(rng.below(6))).await;
                }
            }
            // A garbage request line, then a valid-looking head.
            _ => {
                let n = rng.below(100) as usize;
                let mut line = rng.bytes(n);
                line.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                stream.write_all(&line).await?;
            }
        }
        Ok(())
    }
    .await;
    if result.is_ok() && rng.below(2) == 0 {
        // Linger a little, reading whatever comes back, then go.
        let linger = Duration::from_millis(rng.below(400));
        let _ = read_until_closed(&mut stream, linger).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_and_truncated_bytes_do_not_slow_down_other_clients() {
    let emulator = Arc::new(Emulator::start(quick_timeouts(1024)).await);
    let address = emulator.base["http://".len()..].to_owned();
    let fuzzing = Arc::new(AtomicBool::new(true));

    // A well-behaved client meanwhile: a request every 20 ms, each timed.
    let probe = {
        let (emulator, fuzzing) = (emulator.clone(), fuzzing.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            while fuzzing.load(Ordering::Acquire) {
                let started = Instant::now();
                let answer = emulator.get("/_sim/clock").await;
                latencies.push(started.elapsed());
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            latencies
        })
    };

    // 600 hostile connections, 40 at a time, from a fixed seed.
    let mut seeds = Rng(0x5eed_0f50_c4e7);
    let began = Instant::now();
    for _ in 0..15 {
        let wave: Vec<_> = (0..40)
            .map(|_| tokio::spawn(hostile(address.clone(), Rng(seeds.next() | 1))))
            .collect();
        for task in wave {
            task.await.expect("a hostile client ran");
        }
    }
    fuzzing.store(false, Ordering::Release);
    let mut latencies = probe.await.expect("the probe ran");
    let took = began.elapsed();
    assert!(took < Duration::from_secs(18), "bounded in time: {took:?}");
    assert!(
        latencies.len() >= 20,
        "the probe ran meanwhile: {}",
        latencies.len()
    );
    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let worst = latencies[latencies.len() - 1];
    println!(
        "socket fuzz: 600 hostile connections in {took:?}; {} probe requests meanwhile, \
         median {median:?}, worst {worst:?}",
        latencies.len()
    );
    assert!(median < Duration::from_millis(100), "median {median:?}");
    assert!(worst < Duration::from_secs(1), "worst {worst:?}");

    // After: a whole verification still works, promptly.
    let started = Instant::now();
    let id = emulator.start_verify("447700900009").await;
    emulator.post_json("/_sim/clock", r#"{"advance": 1}"#).await;
    let pin = emulator.pin("447700900009").await;
    let checked = emulator
        .post_json(
            "/verify/check/json",
            &format!(r#"{{"request_id":"{id}","code":"{pin}"}}"#),
        )
        .await;
    assert_eq!(checked.json()["status"], "0", "{}", checked.body);
    assert!(started.elapsed() < Duration::from_secs(1));
}
