#pragma once
// Random numbers: xoshiro256++ (Blackman & Vigna, "Scrambled linear pseudorandom number
// generators", 2021), seeded through splitmix64. xoshiro256++ is small (32 bytes), fast
// (a few cycles per draw), passes BigCrush and PractRand, and has a 2^256 - 1 period, with a
// jump function for non-overlapping substreams.
//
// Every random quantity of a scenario comes from a *named* stream, RandomStream::derive(seed,
// name): the draws of stream "arrivals" then depend only on (scenario seed, "arrivals"), so
// adding, removing or reordering other streams, or drawing more from them, never changes it.
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>
#include <random>
#include <string_view>

namespace dcsim {

/// One step of splitmix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c): advances `state`
/// by the golden-ratio increment and returns the mixed value. Used only to expand seeds.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/// FNV-1a, 64 bits: a stable hash of a stream name (std::hash is not stable across
/// implementations, and stream identity must be).
constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3u;
  }
  return h;
}

/// The top 53 bits of a word as a double in [0, 1), on the grid k * 2^-53 (every value exact).
constexpr double bits_to_unit01(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// The top 52 bits of a word as a double in (0, 1): (k + 1/2) * 2^-52, so 0 and 1 are never
/// produced and log() of the result is always finite.
constexpr double bits_to_open01(std::uint64_t bits) {
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

/// Generators whose every call yields a full, uniform 64-bit word (what the distributions
/// in distributions.hpp consume): RandomStream, std::mt19937_64...
template <class G>
concept RandomBits64 = std::uniform_random_bit_generator<G> &&
                       std::same_as<typename G::result_type, std::uint64_t> && (G::min() == 0) &&
                       (G::max() == std::numeric_limits<std::uint64_t>::max());

/// A xoshiro256++ generator. Copyable value type; copying forks an identical sequence.
class RandomStream {
 public:
  using result_type = std::uint64_t;
  using State = std::array<std::uint64_t, 4>;

  /// Seeds the four state words with four splitmix64 outputs from `seed`. splitmix64's
  /// output function is a bijection applied to four distinct counters, so at most one
  /// word can be zero and the state is never the forbidden all-zero one.
  constexpr explicit RandomStream(std::uint64_t seed = 0) {
    for (auto& w : s_) w = splitmix64(seed);
  }

  /// The independent stream `stream_name` of scenario `scenario_seed`. It is a pure function
  /// of the pair: another name's existence, or how much it is drawn from, cannot change it.
  /// The 64-bit key mixes the name's hash into the seed with the splitmix64 finalizer, which
  /// is a bijection: for a fixed name, distinct seeds give distinct keys (and streams), and
  /// for a fixed seed so do names with distinct hashes. The key then seeds the state as in
  /// the constructor.
  static constexpr RandomStream derive(std::uint64_t scenario_seed, std::string_view stream_name) {
    std::uint64_t h = fnv1a64(stream_name);
    std::uint64_t key = scenario_seed ^ splitmix64(h);
    const std::uint64_t mixed = splitmix64(key);
    return RandomStream(mixed);
  }

  /// A generator in exactly this state (for reference vectors and checkpoints).
  /// The all-zero state is a fixed point of xoshiro; callers must not pass it.
  static constexpr RandomStream from_state(const State& s) {
    RandomStream r;
    r.s_ = s;
    return r;
  }
  [[nodiscard]] constexpr const State& state() const { return s_; }

  /// The next 64-bit word (the reference xoshiro256plusplus.c next()).
  constexpr std::uint64_t next() {
    const std::uint64_t result = std::rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  /// Uniform on [0, 1) with 53 random bits (the top ones: xoshiro's low bits are its weakest).
  constexpr double uniform01() { return bits_to_unit01(next()); }
  /// Uniform on (0, 1) with 52 random bits: safe to take the log of.
  constexpr double uniform_open01() { return bits_to_open01(next()); }

  /// Uniform on {0, ..., n - 1} (n >= 1), exactly: Lemire's multiply-and-reject ("Fast random
  /// integer generation in an interval", 2019). Spelled out rather than taken from
  /// std::uniform_int_distribution, whose algorithm differs between standard libraries: a
  /// seed must give the same draws everywhere.
  constexpr std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;
    u128 m = static_cast<u128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<u128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Advances the state by 2^128 draws (the reference jump polynomial): calling it k times on
  /// copies of one stream gives substreams that cannot overlap in any practical run.
  constexpr void jump() {
    constexpr std::array<std::uint64_t, 4> kJump = {0x180ec6d33cfd0abau, 0xd5a61266f0c9392cu,
                                                    0xa9582618e03fc9aau, 0x39abdc4529b1661cu};
    State acc{};
    for (std::uint64_t word : kJump) {
      for (int b = 0; b < 64; ++b) {
        if ((word >> b) & 1u) {
          for (int i = 0; i < 4; ++i) acc[i] ^= s_[i];
        }
        next();
      }
    }
    s_ = acc;
  }

  // std::uniform_random_bit_generator, so <random> and <algorithm> accept a RandomStream.
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  constexpr result_type operator()() { return next(); }

  friend constexpr bool operator==(const RandomStream&, const RandomStream&) = default;

 private:
  State s_{};
};

static_assert(RandomBits64<RandomStream>);

/// Fisher–Yates shuffle with RandomStream::below: the same permutation for a seed on every
/// platform (std::shuffle's is implementation-defined).
template <class Range>
constexpr void shuffle(Range& items, RandomStream& rng) {
  for (std::size_t i = std::size(items); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.below(i));
    using std::swap;
    swap(items[i - 1], items[j]);
  }
}

}  // namespace dcsim
