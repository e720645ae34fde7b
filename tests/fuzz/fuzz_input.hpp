#pragma once
// What every fuzz target shares: the readers take file paths, so each input is written to a
// file of this process first, with the extension its reader expects.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include <unistd.h>

namespace dcsim::fuzz {

/// Writes the fuzzer's bytes to /tmp/dcsim-fuzz-<pid><suffix> and returns the path. One file
/// per process, rewritten for every input: libFuzzer runs inputs one at a time.
inline std::string input_file(const std::uint8_t* data, std::size_t size, const char* suffix) {
  const std::string path = "/tmp/dcsim-fuzz-" + std::to_string(::getpid()) + suffix;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace dcsim::fuzz
