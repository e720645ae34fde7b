#include "yaml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "dcsim/scenario/seed.hpp"
#include "workload_reader.hpp"

namespace dcsim::detail {

namespace {

// Edit distance, to suggest the key the user probably meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// `prefix` covers `path` when it is path itself, a key above it, or a list whose items it
// names (`workload.tenants` covers `workload.tenants[t].duration`).
bool is_prefix_path(std::string_view prefix, std::string_view path) {
  return path == prefix || (path.starts_with(prefix) && path.size() > prefix.size() &&
                            (path[prefix.size()] == '.' || path[prefix.size()] == '['));
}

// The keys of an override's path: split at the dots outside brackets, so that an item's id
// may hold a dot (`centers[west.1].cooling.type`).
std::vector<std::string> override_segments(std::string_view path) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == '.' && depth == 0) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// Where a problem in an override's value is: "command line (--set queue.servers=0)".
std::string command_line(const Override& o) { return fmt::format("command line ({})", YamlReader::shown(o)); }

namespace fs = std::filesystem;

// The folder a path names, absolute and with its symbolic links resolved as far as it exists.
fs::path real_path(const fs::path& p) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(p, ec).lexically_normal();
  const fs::path real = fs::weakly_canonical(absolute, ec);
  return ec ? absolute : real;
}

// True when `path` is `folder` or lies below it (both absolute and normal).
bool is_under(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (f->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *f) return false;
  }
  return true;
}

// Where the system keeps processes, devices and kernel state: never read as input, whatever
// is allowed (an endless /dev/zero, another process's /proc/<pid>/environ).
constexpr const char* kSystemFolders[] = {"/proc", "/sys", "/dev"};

std::optional<std::string> system_folder(const fs::path& lexical, const fs::path& real) {
  for (const char* folder : kSystemFolders) {
    if (is_under(lexical, folder) || is_under(real, folder)) return folder;
  }
  return std::nullopt;
}

}  // namespace

// An override as a message shows it: `--set key=value`, a long or binary value cut and
// escaped as any quoted value (quoted_excerpt), without the quotes: it is what was typed.
std::string YamlReader::shown(const Override& o) {
  const std::string value = quoted_excerpt(o.value);
  return fmt::format("--set {}={}", o.key_path, std::string_view(value).substr(1, value.size() - 2));
}

YamlReader::YamlReader(std::string file, std::vector<Override> overrides, std::vector<std::string> allowed_folders)
    : file_(std::move(file)), overrides_(std::move(overrides)) {
  const fs::path folder = fs::path(file_).parent_path();
  roots_.push_back(real_path(folder.empty() ? fs::path(".") : folder).string());
  for (const std::string& allowed : allowed_folders) roots_.push_back(real_path(allowed).string());
}

std::optional<std::string> YamlReader::path_problem(const std::string& resolved, const std::string& written) const {
  const fs::path lexical = fs::absolute(resolved).lexically_normal();
  const fs::path real = real_path(resolved);
  const std::string shown_as = quoted_excerpt(written) + (real.string() == written ? "" : fmt::format(" ({})", quoted_excerpt(real.string())));
  if (system_folder(lexical, real)) {
    return fmt::format("expected a file outside /proc, /sys and /dev (never read, not even with --allow-path), found {}", shown_as);
  }
  for (const std::string& root : roots_) {
    if (is_under(real, root)) return std::nullopt;
  }
  return fmt::format("expected a file inside the scenario's folder {} (or a folder given with --allow-path), found {}",
                     quoted_excerpt(roots_.front()), shown_as);
}

std::optional<std::string> YamlReader::input_file(const YAML::Node& node, std::string_view path, std::string_view what) {
  const auto name = string(node, path);
  if (!name) return std::nullopt;
  const std::string resolved = (fs::path(file_).parent_path() / *name).lexically_normal().string();
  if (const auto problem = path_problem(resolved, *name)) {
    error(node, path, *problem);
    return std::nullopt;
  }
  if (const auto problem = file_problem(resolved, what)) {
    error(node, path, *problem);
    return std::nullopt;
  }
  const fs::path real = real_path(resolved);
  for (std::size_t i = 0; i < roots_.size(); ++i) {
    if (is_under(real, roots_[i])) {
      if (std::find(roots_used_.begin(), roots_used_.end(), i) == roots_used_.end()) roots_used_.push_back(i);
      break;
    }
  }
  inputs_.push_back(resolved);
  resolved_files_.emplace_back(node, fs::absolute(resolved).lexically_normal().string());
  return resolved;
}

std::vector<std::string> YamlReader::folders_read() const {
  std::vector<std::size_t> used = roots_used_;
  std::sort(used.begin(), used.end());
  std::vector<std::string> out;
  for (std::size_t i : used) out.push_back(roots_[i]);
  return out;
}

bool YamlReader::in_file(std::string_view key) const {
  return std::find(file_keys_.begin(), file_keys_.end(), key) != file_keys_.end();
}

namespace {

// A copy of `node` without yaml-cpp's tags and marks (the origin tags of included nodes would
// be written out), each file named in `files` replaced by its absolute path; lists of plain
// values are written on one line.
YAML::Node plain_copy(const YAML::Node& node, const std::vector<std::pair<YAML::Node, std::string>>& files) {
  for (const auto& [named, absolute] : files) {
    if (named.is(node)) return YAML::Node(absolute);
  }
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return YAML::Node(node.Scalar());
    case YAML::NodeType::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      bool plain_values = true;
      for (const auto& item : node) {
        out.push_back(plain_copy(item, files));
        plain_values = plain_values && item.IsScalar();
      }
      if (plain_values) out.SetStyle(YAML::EmitterStyle::Flow);
      return out;
    }
    case YAML::NodeType::Map: {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& entry : node) out[entry.first.Scalar()] = plain_copy(entry.second, files);
      return out;
    }
    default:
      return YAML::Node(YAML::NodeType::Null);
  }
}

}  // namespace

std::string YamlReader::resolved_text(const YAML::Node& root, const std::string& name) const {
  YAML::Node out(YAML::NodeType::Map);
  out["name"] = name;
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    if (key == "name" || key == "include") continue;  // an include: left by --set was never read
    out[key] = plain_copy(entry.second, resolved_files_);
  }
  YAML::Emitter emitter;
  emitter << out;
  return std::string(emitter.c_str()) + "\n";
}

namespace {

// How an item of a list is named in a key path: by its id or name when it has one, as the
// section readers name it (centers[west-1]), else by its position.
std::string item_path(std::string_view path, const YAML::Node& item, std::size_t index) {
  for (const char* naming_key : {"id", "name"}) {
    if (item.IsMap() && item[naming_key].IsDefined() && item[naming_key].IsScalar()) {
      return fmt::format("{}[{}]", path, item[naming_key].Scalar());
    }
  }
  return fmt::format("{}[{}]", path, index);
}

SourceLocation located(const std::string& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? SourceLocation{file} : SourceLocation{file, mark.line + 1, mark.column + 1};
}

std::string text_of(const SourceLocation& where) {
  return where.line > 0 ? fmt::format("{}:{}:{}", where.file, where.line, where.column) : where.file;
}

// A key given twice in one mapping (`servers: 4`, then `servers: 400`). yaml-cpp keeps both
// entries and a lookup finds the first, so the second would be ignored without a word. Checked
// on each document as parsed: merging includes and overrides rebuilds the mappings, which
// would hide the duplicate.
void find_duplicate_keys(const YAML::Node& node, const std::string& file, const std::string& path,
                         std::vector<Diagnostic>& found) {
  if (node.IsMap()) {
    std::vector<YAML::Node> keys;
    for (const auto& entry : node) {
      const YAML::Node key = entry.first;
      const std::string key_path = YamlReader::join(path, key.IsScalar() ? key.Scalar() : "?");
      if (key.IsScalar()) {
        const auto first = std::find_if(keys.begin(), keys.end(), [&](const YAML::Node& k) { return k.Scalar() == key.Scalar(); });
        if (first != keys.end()) {
          found.push_back({located(file, key), key_path,
                           fmt::format("key given twice in one mapping, first at {}", text_of(located(file, *first)))});
        } else {
          keys.push_back(key);
        }
      }
      find_duplicate_keys(entry.second, file, key_path, found);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) find_duplicate_keys(node[i], file, item_path(path, node[i], i), found);
  }
}

}  // namespace

YAML::Node YamlReader::parse(const std::string& file, const SourceLocation& asked_from) const {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    const std::string problem = std::filesystem::exists(file, ec) ? "not a regular file" : "no such file";
    if (file == file_) throw ConfigError(Diagnostic{{file, 0, 0}, "", problem});
    throw ConfigError(Diagnostic{asked_from, "include", fmt::format("cannot include \"{}\": {}", file, problem)});
  }
  std::ifstream in(file);
  if (!in) throw ConfigError(Diagnostic{{file, 0, 0}, "", "cannot be read"});
  YAML::Node root;
  try {
    root = YAML::Load(in);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(Diagnostic{{file, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax error: " + e.msg});
  }
  if (!root.IsMap()) {
    throw ConfigError(Diagnostic{{file, 1, 1}, "", "expected a mapping of scenario keys at the top level, found " + found(root)});
  }
  std::vector<Diagnostic> duplicates;
  find_duplicate_keys(root, file, "", duplicates);
  if (duplicates.size() > kMaxDiagnostics) duplicates.erase(duplicates.begin() + kMaxDiagnostics, duplicates.end());
  if (!duplicates.empty()) throw ConfigError(std::move(duplicates));
  return root;
}

namespace {

constexpr std::string_view kOriginTag = "!dcsim-origin:";

// Marks every node of an included document with its file, unless a deeper include already did.
void tag_origin(YAML::Node node, const std::string& tag) {
  if (!node.Tag().starts_with(kOriginTag)) node.SetTag(tag);
  if (node.IsMap()) {
    for (auto entry : node) {
      tag_origin(entry.first, tag);
      tag_origin(entry.second, tag);
    }
  } else if (node.IsSequence()) {
    for (auto item : node) tag_origin(item, tag);
  }
}

bool is_list_by_id(const YAML::Node& list) {
  if (!list.IsSequence() || list.size() == 0) return false;
  for (const auto& item : list) {
    if (!item.IsMap() || !item["id"].IsDefined() || !item["id"].IsScalar()) return false;
  }
  return true;
}

// `over` merged onto `base` (see load()); shares the original nodes so their origin stays known.
YAML::Node merge(const YAML::Node& base, const YAML::Node& over) {
  if (base.IsMap() && over.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& entry : base) {
      const std::string key = entry.first.Scalar();
      out[key] = over[key].IsDefined() ? merge(entry.second, over[key]) : entry.second;
    }
    for (const auto& entry : over) {
      const std::string key = entry.first.Scalar();
      if (!base[key].IsDefined()) out[key] = entry.second;
    }
    return out;
  }
  if (is_list_by_id(base) && is_list_by_id(over)) {
    YAML::Node out(YAML::NodeType::Sequence);
    const auto id = [](const YAML::Node& item) { return item["id"].Scalar(); };
    for (std::size_t i = 0; i < base.size(); ++i) {
      YAML::Node chosen = base[i];
      for (std::size_t j = 0; j < over.size(); ++j) {
        if (id(over[j]) == id(base[i])) chosen.reset(over[j]);
      }
      out.push_back(chosen);
    }
    for (std::size_t j = 0; j < over.size(); ++j) {
      bool known = false;
      for (std::size_t i = 0; i < base.size(); ++i) known = known || id(base[i]) == id(over[j]);
      if (!known) out.push_back(over[j]);
    }
    return out;
  }
  return over;
}

}  // namespace

YAML::Node YamlReader::load_with_includes(const std::string& file, const SourceLocation& asked_from,
                                          std::vector<std::string>& chain) {
  constexpr std::size_t kMaxDepth = 16;
  YAML::Node root = parse(file, asked_from);
  const YAML::Node include = root["include"];
  if (!include.IsDefined()) return root;

  const auto where = [&](const YAML::Node& n) {
    return SourceLocation{file, n.Mark().is_null() ? 0 : n.Mark().line + 1, n.Mark().is_null() ? 0 : n.Mark().column + 1};
  };
  std::vector<YAML::Node> names;
  if (include.IsScalar()) {
    names.push_back(include);
  } else if (include.IsSequence()) {
    for (const auto& n : include) names.push_back(n);
  }
  if (names.empty() || std::any_of(names.begin(), names.end(), [](const YAML::Node& n) { return !n.IsScalar(); })) {
    throw ConfigError(Diagnostic{where(include), "include", "expected a file name or a list of file names, found " + found(include)});
  }
  YAML::Node merged(YAML::NodeType::Map);
  for (const auto& n : names) {
    const std::string path = (std::filesystem::path(file).parent_path() / n.Scalar()).lexically_normal().string();
    if (const auto problem = path_problem(path, n.Scalar())) throw ConfigError(Diagnostic{where(n), "include", *problem});
    inputs_.push_back(path);
    if (std::find(chain.begin(), chain.end(), path) != chain.end() || chain.size() >= kMaxDepth) {
      throw ConfigError(Diagnostic{where(n), "include", fmt::format("\"{}\" includes itself (through {})", n.Scalar(), fmt::join(chain, " -> "))});
    }
    chain.push_back(path);
    YAML::Node included = load_with_includes(path, where(n), chain);
    chain.pop_back();
    tag_origin(included, fmt::format("{}{}", kOriginTag, included_files_.size()));
    included_files_.push_back(path);
    merged = merge(merged, included);
  }
  root.remove("include");
  return merge(merged, root);
}

YAML::Node YamlReader::load() {
  const fs::path lexical = fs::absolute(file_).lexically_normal();
  if (system_folder(lexical, real_path(file_))) {
    throw ConfigError(Diagnostic{{file_, 0, 0}, "", "expected a scenario file outside /proc, /sys and /dev (never read)"});
  }
  inputs_.push_back(file_);
  std::vector<std::string> chain{std::filesystem::path(file_).lexically_normal().string()};
  YAML::Node root = load_with_includes(file_, SourceLocation{file_}, chain);
  for (const auto& entry : root) file_keys_.push_back(entry.first.Scalar());
  for (const auto& o : overrides_) apply(root, o);
  finish();
  return root;
}

void YamlReader::apply(YAML::Node& root, const Override& o) {
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::ParserException& e) {
    diagnostics_.push_back({{"command line", 0, 0}, o.key_path, fmt::format("{}: YAML syntax error in the value: {}", shown(o), e.msg)});
    return;
  }
  // Lines and columns count within the value.
  const std::size_t known = diagnostics_.size();
  find_duplicate_keys(value, command_line(o), o.key_path, diagnostics_);
  if (diagnostics_.size() > known) return;
  // Walk with fresh handles: yaml-cpp's operator= on a Node handle would overwrite the node
  // it points to, so `node = node[key]` must never be used for walking.
  const std::vector<std::string> segments = override_segments(o.key_path);
  std::vector<YAML::Node> chain{root};
  std::string walked;
  const auto fail = [&](const std::string& message) {
    diagnostics_.push_back({{"command line", 0, 0}, o.key_path, fmt::format("{}: {}", shown(o), message)});
  };
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const bool last = s + 1 == segments.size();
    const std::string& segment = segments[s];
    const std::size_t open = segment.find('[');
    const std::string key = segment.substr(0, open);
    YAML::Node parent = chain.back();
    if (open == std::string::npos) {
      if (last) {
        parent[key] = value;
        return;
      }
      walked = join(walked, key);
      YAML::Node child = parent[key];
      if (!child.IsDefined() || child.IsNull()) {
        parent[key] = YAML::Node(YAML::NodeType::Map);
        child = parent[key];
      } else if (!child.IsMap()) {
        std::string hint;
        if (child.IsSequence() && child.size() > 0) hint = fmt::format(" (name one of its items: {})", item_path(walked, child[0], 0));
        fail(fmt::format("cannot set a key inside {}, which is {}{}", walked, found(child), hint));
        return;
      }
      chain.push_back(child);
      continue;
    }
    // `key[item]`: an item of a list, named as messages name it (by id, else name, else position).
    if (key.empty() || segment.back() != ']' || segment.find_first_of("[]", open + 1) != segment.size() - 1 || open + 2 >= segment.size()) {
      fail(fmt::format("expected a key or key[item] (an item of a list by its id, such as centers[west-1]), found {}", quoted_excerpt(segment)));
      return;
    }
    walked = join(walked, key);
    YAML::Node list = parent[key];
    if (!list.IsSequence()) {
      fail(fmt::format("cannot name an item of {}, which is {}, not a list", walked, found(list)));
      return;
    }
    const std::string wanted = walked + segment.substr(open);
    std::size_t index = list.size();
    std::string names;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string named = item_path(walked, list[i], i);
      if (named == wanted && index == list.size()) index = i;
      names += (names.empty() ? "" : ", ") + named.substr(walked.size());
    }
    if (index == list.size()) {
      fail(fmt::format("{} has no item {} (its items: {})", walked, segment.substr(open), names));
      return;
    }
    walked = wanted;
    if (last) {  // a new list with the item replaced (assigning to list[index] would overwrite a node other lists may share)
      YAML::Node replaced(YAML::NodeType::Sequence);
      for (std::size_t i = 0; i < list.size(); ++i) replaced.push_back(i == index ? value : list[i]);
      parent[key] = replaced;
      return;
    }
    YAML::Node item = list[index];
    if (!item.IsMap()) {
      fail(fmt::format("cannot set a key inside {}, which is {}", walked, found(item)));
      return;
    }
    chain.push_back(item);
  }
}

std::string YamlReader::join(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

SourceLocation YamlReader::locate(const YAML::Node& at, std::string_view path) const {
  // The last override that covers this path wins, as it did when applied.
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (is_prefix_path(it->key_path, path)) return {command_line(*it), 0, 0};
  }
  if (!at.IsDefined()) return {file_, 0, 0};  // a missing key (yaml-cpp's invalid node) has no mark
  const YAML::Mark mark = at.Mark();
  std::string file = file_;
  if (const std::string& tag = at.Tag(); tag.starts_with(kOriginTag)) {
    file = included_files_.at(std::stoul(tag.substr(kOriginTag.size())));
  }
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

void YamlReader::error(const YAML::Node& at, std::string_view path, std::string message) {
  add({locate(at, path), std::string(path), std::move(message)});
}

void YamlReader::add(Diagnostic diagnostic) {
  if (diagnostics_.size() >= kMaxDiagnostics) {
    truncated_ = true;
    return;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

void YamlReader::finish() const {
  if (diagnostics_.empty()) return;
  auto all = diagnostics_;
  if (truncated_) all.push_back({{file_, 0, 0}, "", fmt::format("stopped after {} errors", kMaxDiagnostics)});
  throw ConfigError(std::move(all));
}

std::string YamlReader::found(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return quoted_excerpt(node.Scalar());
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view path) {
  if (node.IsMap()) return true;
  error(node, path, "expected a mapping of keys, found " + found(node));
  return false;
}

bool YamlReader::expect_list(const YAML::Node& node, std::string_view path) {
  if (node.IsSequence() && node.size() > 0) return true;
  error(node, path, "expected a non-empty list, found " + found(node));
  return false;
}

void YamlReader::allow_only(const YAML::Node& map, std::string_view path,
                            std::initializer_list<std::string_view> allowed) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string_view closest;
    std::size_t best = 3;  // suggest only near misses
    for (auto candidate : allowed) {
      const std::size_t d = edit_distance(key, candidate);
      if (d < best) best = d, closest = candidate;
    }
    std::string names;
    for (auto candidate : allowed) names += (names.empty() ? "" : ", ") + std::string(candidate);
    error(entry.first, join(path, key),
          closest.empty() ? fmt::format("unknown key (expected one of: {})", names)
                          : fmt::format("unknown key (did you mean \"{}\"? expected one of: {})", closest, names));
  }
}

std::optional<YAML::Node> YamlReader::required(const YAML::Node& map, std::string_view path, std::string_view key) {
  const YAML::Node child = map[std::string(key)];
  if (child.IsDefined()) return child;
  error(map, join(path, key), "missing required key");
  return std::nullopt;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& node, std::string_view path, std::int64_t min,
                                                std::int64_t max) {
  std::int64_t value = 0;
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && value >= min && value <= max) return value;
  }
  error(node, path, fmt::format("expected an integer from {} to {}, found {}", min, max, found(node)));
  return std::nullopt;
}

std::optional<std::uint64_t> YamlReader::seed(const YAML::Node& node, std::string_view path) {
  if (node.IsScalar()) {
    if (const auto value = parse_seed(node.Scalar())) return value;
  }
  error(node, path, fmt::format("{}, found {}", kSeedExpected, found(node)));
  return std::nullopt;
}

std::optional<double> YamlReader::number(const YAML::Node& node, std::string_view path, double min, bool inclusive) {
  double value = 0;
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(value) &&
        (inclusive ? value >= min : value > min)) {
      return value;
    }
  }
  error(node, path, fmt::format("expected a number {} {}, found {}", inclusive ? ">=" : ">", min, found(node)));
  return std::nullopt;
}

std::optional<double> YamlReader::number_in(const YAML::Node& node, std::string_view path, double lo, bool lo_inclusive, double hi,
                                            bool hi_inclusive, std::string_view what) {
  double value = 0;
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(value) && (lo_inclusive ? value >= lo : value > lo) &&
        (hi_inclusive ? value <= hi : value < hi)) {
      return value;
    }
  }
  const std::string from = lo_inclusive ? fmt::format("from {:g}", lo) : fmt::format("above {:g}", lo);
  const std::string to = hi_inclusive ? (lo_inclusive ? fmt::format("to {:g}", hi) : fmt::format("and at most {:g}", hi))
                                      : (lo_inclusive ? fmt::format("to below {:g}", hi) : fmt::format("and below {:g}", hi));
  error(node, path, fmt::format("expected {}, {} {}, found {}", what, from, to, found(node)));
  return std::nullopt;
}

namespace {

// 1234567 -> "1,234,567".
std::string grouped(std::int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

constexpr double kMinResolutionSeconds = 1e-9;  // finer ticks cover less than 300 years
constexpr double kMaxResolutionSeconds = 3600;  // coarser ticks round away the jobs themselves

}  // namespace

std::optional<TimeScale> YamlReader::resolution(const YAML::Node& node, std::string_view path) {
  const auto seconds = node.IsScalar() ? parse_quantity(node.Scalar(), Dimension::kTime) : std::nullopt;
  if (!seconds) {
    error(node, path, fmt::format("expected {}, found {}", describe(Dimension::kTime), found(node)));
    return std::nullopt;
  }
  // A relative tolerance, so that "0.001 us" is not refused for its rounding.
  if (!(*seconds >= kMinResolutionSeconds * (1 - 1e-9) && *seconds <= kMaxResolutionSeconds * (1 + 1e-9))) {
    error(node, path, fmt::format("expected a resolution from 1 ns to 1 h, found {}", found(node)));
    return std::nullopt;
  }
  time_ = TimeScale(*seconds);
  return time_;
}

std::string YamlReader::tick_text() const {
  constexpr std::pair<std::string_view, double> kUnits[] = {{"h", 3600}, {"min", 60}, {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}};
  const double tick = time_.tick_seconds();
  for (const auto& [unit, seconds] : kUnits) {
    if (tick >= seconds * (1 - 1e-9)) return fmt::format("{:g} {}", tick / seconds, unit);
  }
  return fmt::format("{:g} s", tick);
}

std::string YamlReader::tick_range() const {
  constexpr double kTicks = 9223372036854775808.0;  // 2^63
  constexpr double kYear = 365 * 24 * 3600.0;
  return fmt::format("2^63 ticks of {} = {} years", tick_text(),
                     grouped(static_cast<std::int64_t>(kTicks * time_.tick_seconds() / kYear)));
}

std::optional<std::string> YamlReader::tick_problem(double seconds) const {
  const double ticks = seconds * time_.ticks_per_second();
  if (ticks < 0.5) return fmt::format("rounds to 0 ticks at {} (engine.resolution)", tick_text());
  if (!(ticks < kTickLimit)) return fmt::format("exceeds the tick range ({})", tick_range());
  return std::nullopt;
}

std::optional<double> YamlReader::quantity(const YAML::Node& node, std::string_view path, Dimension dimension,
                                           bool zero_allowed) {
  if (node.IsScalar()) {
    if (const auto value = parse_quantity(node.Scalar(), dimension)) {
      if (*value > 0 && (dimension == Dimension::kTime || dimension == Dimension::kRate)) {
        if (const auto problem = tick_problem(dimension == Dimension::kTime ? *value : 1 / *value)) {
          error(node, path, fmt::format("{} {}{}", found(node), dimension == Dimension::kRate ? "has a mean gap (1 / rate) that " : "",
                                        *problem));
          return std::nullopt;
        }
      }
      if (*value > 0 || (zero_allowed && *value == 0)) return value;
      error(node, path, fmt::format("expected a {} value, found {}", zero_allowed ? "non-negative" : "positive", found(node)));
      return std::nullopt;
    }
  }
  error(node, path, fmt::format("expected {}, found {}", describe(dimension), found(node)));
  return std::nullopt;
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, std::string_view path) {
  if (node.IsScalar() && !node.Scalar().empty()) return node.Scalar();
  error(node, path, "expected a text value, found " + found(node));
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view path, std::string_view meaning) {
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  if (text == "true" || text == "false") return text == "true";
  error(node, path, fmt::format("expected true or false{}, found {}", meaning.empty() ? "" : fmt::format(" ({})", meaning), found(node)));
  return std::nullopt;
}

}  // namespace dcsim::detail
