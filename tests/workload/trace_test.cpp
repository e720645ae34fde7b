// The CSV layer of the trace readers and their error handling, on small damaged fixtures
// (tests/workload/data/): exact diagnostics under OnBadRow::kStop, counts and surviving rows
// under kSkip; and the generic column mapping.
#include "dcsim/workload/trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;

std::string fixture(const std::string& name) { return (kSource / "tests/workload/data" / name).string(); }
std::string trace(const std::string& name) { return (kSource / "scenarios/traces" / name).string(); }

/// The ConfigError text `read` throws, or "(no error)".
std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<PodRecord> read_pods(const std::string& path, TraceReadOptions options = {},
                                 TraceReadStats* stats = nullptr) {
  AlibabaPodReader reader(path, options);
  std::vector<PodRecord> pods;
  PodRecord pod;
  while (reader.next(pod)) pods.push_back(pod);
  if (stats != nullptr) *stats = reader.stats();
  return pods;
}

const TraceReadOptions kSkip{OnBadRow::kSkip, 10};

// ------------------------------------------------------------------ tokenizer

TEST(CsvFields, SplitsPlainAndQuotedFields) {
  CsvFields f;
  ASSERT_FALSE(f.split(R"(a,"b,c",,"say ""hi""",)").has_value());
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0], "a");
  EXPECT_EQ(f[1], "b,c");
  EXPECT_EQ(f[2], "");
  EXPECT_EQ(f[3], R"(say "hi")");
  EXPECT_EQ(f[4], "");  // a comma ending the line leaves an empty last field
  EXPECT_EQ(f.column(0), 1);
  EXPECT_EQ(f.column(1), 3);
  EXPECT_EQ(f.column(2), 9);
  EXPECT_EQ(f.column(3), 10);
}

TEST(CsvFields, OneEmptyFieldForAnEmptyLineAndQuotesInsideUnquotedFieldsAreText) {
  CsvFields f;
  ASSERT_FALSE(f.split("").has_value());
  EXPECT_EQ(f.size(), 1u);
  ASSERT_FALSE(f.split(R"(5"3,x)").has_value());
  EXPECT_EQ(f[0], R"(5"3)");
}

TEST(CsvFields, ReportsAnUnclosedQuoteAndTextAfterAClosingQuote) {
  CsvFields f;
  const auto open = f.split(R"(a,"bc,d)");
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->column, 3);
  EXPECT_EQ(open->message, "expected a closing quote for the field opened here, found the end of the line");
  const auto after = f.split(R"("ab"c,d)");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->column, 5);
  EXPECT_EQ(after->message, "expected a comma after the closing quote, found 'c'");
}

// ------------------------------------------------------------------ file-level problems

TEST(TraceFile, MissingFileIsADiagnosticOnLineZero) {
  const std::string path = fixture("no-such-file.csv");
  try {
    AlibabaPodReader reader(path, kSkip);  // file problems are fatal even under kSkip
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.where.file, path);
    EXPECT_EQ(d.where.line, 0);
    EXPECT_EQ(d.str(), path + ": cannot open the trace: No such file or directory");
  }
}

TEST(TraceFile, EmptyFileHasNoHeader) {
  const std::string path = fixture("empty.csv");
  EXPECT_EQ(error_of([&] { AlibabaPodReader r(path); }),
            path + ": expected a header line naming the columns, found an empty file");
}

TEST(TraceFile, FileWithoutHeaderNamesTheMissingColumnAndSaysWhy) {
  const std::string path = fixture("pods_no_header.csv");
  EXPECT_EQ(error_of([&] { AlibabaPodReader r(path); }),
            path + ":1:0: name: expected a column named \"name\" in the header line, found: openb-pod-0000, "
                   "12000, 16384, 1, 1000, \"\", LS, Running, 0, 12537496, 0 (the first line looks like data: is "
                   "the header missing?)");
}

TEST(TraceFile, RepeatedColumnIsAnErrorOnlyWhenUsed) {
  const fs::path path = fs::path(testing::TempDir()) / "dcsim_repeated_column.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "runtime,note,note\n1.0,a,b\n";
  }
  EXPECT_EQ(read_philly_runtimes(path.string()), std::vector<double>{1.0});
  CsvReader csv(path.string());
  EXPECT_EQ(error_of([&] { (void)csv.find_column("note"); }),
            path.string() + ":1:14: note: expected each column once, found it as column 2 and 3");
  fs::remove(path);
}

TEST(TraceFile, ByteOrderMarkBeforeTheHeaderIsDropped) {
  const fs::path path = fs::path(testing::TempDir()) / "dcsim_bom.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBFruntime\r\n3.5\r\n";
  }
  EXPECT_EQ(read_philly_runtimes(path.string()), std::vector<double>{3.5});
  fs::remove(path);
}

TEST(TraceFile, HeaderOnlyFileHasNoRows) {
  TraceReadStats stats;
  EXPECT_TRUE(read_pods(fixture("pods_header_only.csv"), {}, &stats).empty());
  EXPECT_EQ(stats.data_lines, 0u);
  EXPECT_FALSE(stats.unterminated_last_line);
}

TEST(TraceFile, AnotherFormatsFileLacksTheColumns) {
  const std::string path = trace("alibaba-pai-v2020/philly_runtime.csv");
  EXPECT_EQ(error_of([&] { AlibabaPodReader r(path); }),
            path + ":1:0: name: expected a column named \"name\" in the header line, found: runtime");
}

// ------------------------------------------------------------------ bad rows, kStop

TEST(TraceRows, TruncatedLastLineStopsWithItsLocationAndAHint) {
  const std::string path = fixture("pods_truncated.csv");
  EXPECT_EQ(error_of([&] { (void)read_pods(path); }),
            path + ":7:30: gpu_spec: expected 11 fields as in the header, found 5 (the file ends in this line "
                   "without a line break: was it cut short?)");
}

TEST(TraceRows, LetterInANumberStops) {
  const std::string path = fixture("pods_letter.csv");
  EXPECT_EQ(error_of([&] { (void)read_pods(path); }),
            path + ":4:16: cpu_milli: expected a non-negative integer, found \"12O00\"");
}

TEST(TraceRows, MissingColumnStopsNamingIt) {
  const std::string path = fixture("pods_missing_column.csv");
  EXPECT_EQ(error_of([&] { (void)read_pods(path); }),
            path + ":3:60: scheduled_time: expected 11 fields as in the header, found 10");
}

TEST(TraceRows, NegativeCountStops) {
  const std::string path = fixture("pods_negative.csv");
  try {
    (void)read_pods(path);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.where.line, 5);
    EXPECT_EQ(d.where.column, 27);
    EXPECT_EQ(d.key_path, "num_gpu");
    EXPECT_EQ(d.message, "expected a non-negative integer, found \"-1\"");
  }
}

TEST(TraceRows, StopIsTheDefault) {
  EXPECT_NE(error_of([&] { (void)read_pods(fixture("pods_letter.csv")); }), "(no error)");
}

// ------------------------------------------------------------------ bad rows, kSkip

TEST(TraceRows, SkipCountsEachDamagedFileAndKeepsTheGoodRows) {
  struct Case {
    const char* file;
    int bad_line;
    const char* column;
    std::size_t good;
  };
  for (const Case& c : {Case{"pods_truncated.csv", 7, "gpu_spec", 5}, Case{"pods_letter.csv", 4, "cpu_milli", 5},
                        Case{"pods_missing_column.csv", 3, "scheduled_time", 5},
                        Case{"pods_negative.csv", 5, "num_gpu", 5}}) {
    SCOPED_TRACE(c.file);
    TraceReadStats stats;
    const auto pods = read_pods(fixture(c.file), kSkip, &stats);
    EXPECT_EQ(pods.size(), c.good);
    EXPECT_EQ(stats.records, c.good);
    EXPECT_EQ(stats.skipped, 1u);
    EXPECT_EQ(stats.data_lines, c.good + 1);
    ASSERT_EQ(stats.first_problems.size(), 1u);
    EXPECT_EQ(stats.first_problems[0].where.line, c.bad_line);
    EXPECT_EQ(stats.first_problems[0].key_path, c.column);
    EXPECT_EQ(pods.front().name, "openb-pod-0000");  // the rows around the bad one are intact
    EXPECT_EQ(pods.back().cpu_milli, c.bad_line == 7 ? 12000 : 20000);
  }
}

TEST(TraceRows, CrlfFileWithManyProblemsYieldsItsGoodRows) {
  const std::string path = fixture("pods_corrupt_crlf.csv");
  TraceReadStats stats;
  const auto pods = read_pods(path, kSkip, &stats);
  ASSERT_EQ(pods.size(), 4u);
  EXPECT_EQ(pods[0].name, "openb-pod-0000");
  EXPECT_EQ(pods[0].scheduled_s, 0.0);  // "0\r": the CR of the line end is not in the field
  EXPECT_EQ(pods[1].name, R"(openb-pod-0001,"b")");
  EXPECT_EQ(pods[1].gpu_milli, 460);
  EXPECT_EQ(pods[2].name, "openb-pod-0009");
  EXPECT_EQ(pods[2].gpu_spec, (std::vector<std::string>{"V100M16", "V100M32"}));  // repeat dropped
  EXPECT_EQ(pods[2].phase, "Pending");
  EXPECT_FALSE(pods[2].scheduled_s.has_value());
  EXPECT_EQ(pods[2].deletion_s, 3019400.0);
  EXPECT_EQ(pods[3].name, "openb-pod-0005");
  EXPECT_EQ(pods[3].scheduled_s, 2759676.0);

  EXPECT_EQ(stats.data_lines, 11u);  // 12 lines after the header, one blank
  EXPECT_EQ(stats.records, 4u);
  EXPECT_EQ(stats.skipped, 7u);
  EXPECT_TRUE(stats.unterminated_last_line);
  ASSERT_EQ(stats.first_problems.size(), 7u);
  std::vector<std::string> text;
  for (const auto& d : stats.first_problems) text.push_back(d.str().substr(path.size()));
  EXPECT_EQ(text[0], ":4:22: memory_mib: expected a non-negative integer, found \"24x76\"");
  EXPECT_EQ(text[1], ":6:68: expected 11 fields as in the header, found 12");
  EXPECT_EQ(text[2], ":7:55: deletion_time: expected a deletion time at or after the creation time (2758084 s), "
                     "found 2758083 s");
  EXPECT_EQ(text[3], ":8:29: gpu_milli: expected a per-GPU share of at most 1000 milli-GPU, found 1001");
  EXPECT_EQ(text[4], ":9:34: gpu_spec: expected GPU models separated by '|', found \"V100M16||T4\"");
  EXPECT_EQ(text[5], ":10:1: expected a closing quote for the field opened here, found the end of the line");
  EXPECT_EQ(text[6], ":13:32: gpu_spec: expected 11 fields as in the header, found 5 (the file ends in this "
                     "line without a line break: was it cut short?)");
}

TEST(TraceRows, SkipKeepsOnlyTheFirstFewDiagnostics) {
  TraceReadStats stats;
  (void)read_pods(fixture("pods_corrupt_crlf.csv"), TraceReadOptions{OnBadRow::kSkip, 2}, &stats);
  EXPECT_EQ(stats.skipped, 7u);
  ASSERT_EQ(stats.first_problems.size(), 2u);
  EXPECT_EQ(stats.first_problems[1].where.line, 6);
}

TEST(TraceRows, StopOnTheCrlfFileReportsItsFirstProblem) {
  const std::string path = fixture("pods_corrupt_crlf.csv");
  EXPECT_EQ(error_of([&] { (void)read_pods(path); }),
            path + ":4:22: memory_mib: expected a non-negative integer, found \"24x76\"");
}

// ------------------------------------------------------------------ bounded memory

// The readers hold the current line and a fixed read buffer, never earlier rows: what they
// hold after a whole 575 KB trace is what they held after its first row (give or take the
// longest line), and far below the file's size.
TEST(TraceStreaming, ReaderMemoryDoesNotGrowWithTheTrace) {
  const std::string path = trace("alibaba-gpu-v2023/openb_pod_list_default.csv");
  AlibabaPodReader reader(path);
  PodRecord pod;
  ASSERT_TRUE(reader.next(pod));
  const std::size_t after_first = reader.buffered_bytes();
  std::size_t most = after_first;
  std::size_t count = 1;
  while (reader.next(pod)) {
    ++count;
    most = std::max(most, reader.buffered_bytes());
  }
  EXPECT_EQ(count, 8152u);
  EXPECT_LE(most, after_first + 256);
  EXPECT_LT(most, 70'000u);
  EXPECT_GT(fs::file_size(path), 8 * most);
}

TEST(TraceStreaming, AnOverlongLineIsABadRowNotAnAllocation) {
  const fs::path path = fs::path(testing::TempDir()) / "dcsim_overlong_line.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "runtime\n1.0\n" << std::string(CsvReader::kMaxLineBytes + 10, '7') << "\n2.0\n";
  }
  TraceReadStats stats;
  const auto values = read_philly_runtimes(path.string(), kSkip, &stats);
  EXPECT_EQ(values, (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(stats.skipped, 1u);
  ASSERT_EQ(stats.first_problems.size(), 1u);
  EXPECT_EQ(stats.first_problems[0].where.line, 3);
  EXPECT_EQ(stats.first_problems[0].message, "expected a line of at most 1048576 bytes, found a longer one");
  fs::remove(path);
}

// ------------------------------------------------------------------ other formats' bad rows

TEST(TraceRows, NodeListChecks) {
  const std::string path = fixture("nodes_bad.csv");
  EXPECT_EQ(error_of([&] { (void)read_alibaba_nodes(path); }),
            path + ":3:32: model: expected the GPU model of a node with 2 GPUs, found an empty field");
  TraceReadStats stats;
  const auto nodes = read_alibaba_nodes(path, kSkip, &stats);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1].name, "openb-node-0003");
  EXPECT_EQ(nodes[1].gpus, 0);
  EXPECT_EQ(nodes[1].gpu_model, "");
  EXPECT_EQ(stats.skipped, 2u);
  EXPECT_EQ(stats.first_problems[1].str(),
            path + ":4:23: memory_mib: expected a non-negative integer, found \"256GiB\"");
}

TEST(TraceRows, DlrmChecks) {
  const std::string path = fixture("dlrm_bad.csv");
  EXPECT_EQ(error_of([&] {
              DlrmInstanceReader r(path);
              DlrmInstance d;
              while (r.next(d)) {
              }
            }),
            path + ":3:37: memory_request: expected a non-negative number, found \"-120.0\"");
  DlrmInstanceReader reader(path, kSkip);
  std::vector<DlrmInstance> rows;
  DlrmInstance d;
  while (reader.next(d)) rows.push_back(d);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(reader.stats().skipped, 3u);
  EXPECT_EQ(reader.stats().first_problems[1].str(),
            path + ":4:24: cpu_limit: expected at least the request (48), found 24");
  EXPECT_EQ(reader.stats().first_problems[2].str(), path + ":5:12: role: expected CN or HN, found \"XN\"");
  EXPECT_EQ(rows[0].role, DlrmRole::kGpuNode);
  EXPECT_EQ(rows[0].max_instances_per_node, 8);
  EXPECT_FALSE(rows[0].creation_s.has_value());
  EXPECT_FALSE(rows[0].deletion_s.has_value());
  EXPECT_EQ(rows[1].role, DlrmRole::kCpuNode);
  EXPECT_FALSE(rows[1].max_instances_per_node.has_value());
  EXPECT_DOUBLE_EQ(*rows[1].creation_s, 475.00000000000006);
  EXPECT_EQ(rows[1].scheduled_s, 610.0);
  EXPECT_EQ(rows[1].deletion_s, 9000.0);
  const TraceJob job = to_trace_job(rows[1]);
  EXPECT_DOUBLE_EQ(job.duration_s, 9000.0 - 475.00000000000006);
  EXPECT_EQ(job.cpu_milli, 48'000);
  EXPECT_EQ(job.accelerators, 0);
  EXPECT_EQ(job.memory_bytes, 240.0 * 1073741824.0);
  const TraceJob preexisting = to_trace_job(rows[0]);
  EXPECT_EQ(preexisting.arrival_s, 0.0);
  EXPECT_TRUE(std::isinf(preexisting.duration_s));
  EXPECT_EQ(preexisting.accelerators, 1);
  EXPECT_EQ(preexisting.gpu_milli, 1000);
  // Half a GPU (the published rows have only 0 and 1): one accelerator's 500-milli share,
  // 6 CPUs = 6000 milli, 60 GiB, created at 100 and deleted at 700: 600 s.
  EXPECT_DOUBLE_EQ(rows[2].gpu_request, 0.5);
  const TraceJob half = to_trace_job(rows[2]);
  EXPECT_EQ(half.accelerators, 1);
  EXPECT_EQ(half.gpu_milli, 500);
  EXPECT_EQ(half.cpu_milli, 6'000);
  EXPECT_EQ(half.memory_bytes, 60.0 * 1073741824.0);
  EXPECT_DOUBLE_EQ(half.arrival_s, 100.0);
  EXPECT_DOUBLE_EQ(half.duration_s, 600.0);
}

TEST(TraceRows, AzureChecksAndCrlf) {
  const std::string path = fixture("azure_cut_crlf.csv");
  EXPECT_EQ(error_of([&] {
              AzureLlmReader r(path);
              LlmRequest q;
              while (r.next(q)) {
              }
            }),
            path + ":4:1: TIMESTAMP: expected a time at or after the previous request's (2023-11-16 "
                   "18:17:04.0319600), found \"2023-11-16 18:17:04.0000000\"");
  AzureLlmReader reader(path, kSkip);
  std::vector<LlmRequest> rows;
  LlmRequest q;
  while (reader.next(q)) rows.push_back(q);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(reader.origin(), "2023-11-16 18:17:03.9799600");
  EXPECT_EQ(rows[0].arrival_ns, 0);
  EXPECT_EQ(rows[1].arrival_ns, 52'000'000);
  EXPECT_EQ(rows[2].arrival_ns, 140'684'000);
  EXPECT_EQ(rows[2].context_tokens, 7433);
  EXPECT_EQ(rows[2].generated_tokens, 14);  // "14\r": CRLF handled
  EXPECT_EQ(reader.stats().skipped, 3u);
  EXPECT_EQ(reader.stats().first_problems[1].str(),
            path + ":5:1: TIMESTAMP: expected a time such as \"2023-11-16 18:17:03.9799600\", found \"2023-11-31 "
                   "18:17:04.0781490\"");
  EXPECT_EQ(reader.stats().first_problems[2].str(),
            path + ":7:16: ContextTokens: expected 3 fields as in the header, found 1 (the file ends in this line "
                   "without a line break: was it cut short?)");
}

TEST(TraceRows, PhillyChecks) {
  const std::string path = fixture("philly_bad.csv");
  EXPECT_EQ(error_of([&] { (void)read_philly_runtimes(path); }),
            path + ":4:1: runtime: expected a non-negative number, found \"-5.0\"");
  TraceReadStats stats;
  EXPECT_EQ(read_philly_runtimes(path, kSkip, &stats), (std::vector<double>{0.0, 1.0, 12.5}));
  EXPECT_EQ(stats.skipped, 2u);
  EXPECT_EQ(stats.first_problems[1].message, "expected a non-negative number, found \"inf\"");
}

// ------------------------------------------------------------------ generic mapping

GenericTraceMapping generic_mapping() {
  GenericTraceMapping m;
  m.arrival_column = "submit_min";
  m.duration_column = "runtime_min";
  m.accelerators_column = "gpus";
  m.time_unit_seconds = 60;
  m.gpu_milli_column = "share";
  m.cpu_column = "cores";
  m.cpu_unit_milli = 1000;
  m.memory_column = "mem_gb";
  m.memory_unit_bytes = 1e9;
  return m;
}

TEST(GenericTrace, MapsColumnsAndUnits) {
  const std::string path = fixture("generic_jobs.csv");
  GenericTraceReader reader(path, generic_mapping(), kSkip);
  std::vector<TraceJob> jobs;
  TraceJob job;
  while (reader.next(job)) jobs.push_back(job);
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].arrival_s, 0.0);
  EXPECT_EQ(jobs[0].duration_s, 5400.0);
  EXPECT_EQ(jobs[0].accelerators, 8);
  EXPECT_EQ(jobs[0].gpu_milli, 1000);
  EXPECT_EQ(jobs[0].cpu_milli, 32'000);
  EXPECT_EQ(jobs[0].memory_bytes, 256e9);
  EXPECT_EQ(jobs[1].arrival_s, 90.0);
  EXPECT_EQ(jobs[1].gpu_milli, 250);
  EXPECT_EQ(jobs[2].accelerators, 0);
  EXPECT_EQ(jobs[2].gpu_milli, 0);
  EXPECT_EQ(reader.stats().skipped, 2u);
  EXPECT_EQ(reader.stats().first_problems[0].str(),
            path + ":5:9: runtime_min: expected a non-negative number, found \"-1\"");
  EXPECT_EQ(reader.stats().first_problems[1].str(),
            path + ":6:11: gpus: expected a whole number of accelerators, found \"1.5\"");
}

TEST(GenericTrace, RejectsAnUnusableMappingAndMissingColumns) {
  GenericTraceMapping m = generic_mapping();
  m.end_column = "runtime_min";
  EXPECT_EQ(validate(m), "expected exactly one of a duration column and an end column");
  EXPECT_THROW(GenericTraceReader(fixture("generic_jobs.csv"), m), std::invalid_argument);
  m = generic_mapping();
  m.time_unit_seconds = 0;
  EXPECT_EQ(validate(m), "expected a time unit > 0 s, found 0");
  EXPECT_FALSE(validate(generic_mapping()).has_value());

  m = generic_mapping();
  m.memory_column = "mem_gib";
  const std::string path = fixture("generic_jobs.csv");
  EXPECT_EQ(error_of([&] { GenericTraceReader r(path, m); }),
            path + ":1:0: mem_gib: expected a column named \"mem_gib\" in the header line, found: job_id, "
                   "submit_min, runtime_min, gpus, cores, mem_gb, share");
}

// The same pods through the generic reader (end column, milli-CPU, MiB) and through the
// Alibaba reader plus its adapter: the two paths agree on every one of the 8,152 pods.
TEST(GenericTrace, AgreesWithTheAlibabaPodAdapter) {
  const std::string path = trace("alibaba-gpu-v2023/openb_pod_list_default.csv");
  GenericTraceMapping m;
  m.arrival_column = "creation_time";
  m.end_column = "deletion_time";
  m.accelerators_column = "num_gpu";
  m.gpu_milli_column = "gpu_milli";
  m.cpu_column = "cpu_milli";
  m.cpu_unit_milli = 1;
  m.memory_column = "memory_mib";
  m.memory_unit_bytes = 1048576;
  GenericTraceReader generic(path, m);
  AlibabaPodReader pods(path);
  PodRecord pod;
  TraceJob job;
  std::size_t n = 0;
  while (pods.next(pod)) {
    ASSERT_TRUE(generic.next(job));
    const TraceJob expected = to_trace_job(pod);
    ASSERT_EQ(job.arrival_s, expected.arrival_s) << pod.name;
    ASSERT_EQ(job.duration_s, expected.duration_s) << pod.name;
    ASSERT_EQ(job.accelerators, expected.accelerators) << pod.name;
    ASSERT_EQ(job.gpu_milli, expected.gpu_milli) << pod.name;
    ASSERT_EQ(job.cpu_milli, expected.cpu_milli) << pod.name;
    ASSERT_EQ(job.memory_bytes, expected.memory_bytes) << pod.name;
    ++n;
  }
  EXPECT_FALSE(generic.next(job));
  EXPECT_EQ(n, 8152u);
}


// ------------------------------------------------------------------ hostile input

// A file written for a test, in a fresh folder under the temporary directory.
std::string temporary_trace(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_trace_test";
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << text;
  return (dir / name).string();
}

TEST(TraceFile, AFolderOrADeviceIsNotARegularFile) {
  const std::string folder = (kSource / "tests").string();
  EXPECT_EQ(error_of([&] { AlibabaPodReader r(folder); }), folder + ": cannot open the trace: not a regular file");
  EXPECT_EQ(error_of([] { AlibabaPodReader r("/dev/zero"); }), "/dev/zero: cannot open the trace: not a regular file");
}

// A binary file's first bytes are its "header": listed escaped, not as raw bytes.
TEST(TraceFile, ABinaryFileIsQuotedEscapedAndCut) {
  const std::string path = temporary_trace("binary.csv", std::string("\x7f" "ELF\x02\x01\x00\x00,ok\n", 12));
  EXPECT_EQ(error_of([&] { AlibabaPodReader r(path); }),
            path + ":1:0: name: expected a column named \"name\" in the header line, found: \"\\x7fELF\\x02\\x01\\x00\\x00\", ok");
}

// A whole number of accelerators beyond int's range is refused before it becomes an int,
// also when an earlier field of the row already failed (the value was once converted anyway).
TEST(GenericTrace, AcceleratorsBeyondAnIntAreRefusedAfterAnEarlierBadField) {
  const std::string path = temporary_trace("huge_gpus.csv", "job_id,submit_min,runtime_min,gpus,cores,mem_gb,share\n"
                                                            "a,x,90,1e20,32,256,1000\nb,0,90,1e20,32,256,1000\n");
  GenericTraceReader reader(path, generic_mapping(), kSkip);
  TraceJob job;
  EXPECT_FALSE(reader.next(job));
  ASSERT_EQ(reader.stats().skipped, 2u);
  EXPECT_EQ(reader.stats().first_problems[0].str(), path + ":2:3: submit_min: expected a non-negative number, found \"x\"");
  EXPECT_EQ(reader.stats().first_problems[1].str(), path + ":3:8: gpus: expected a whole number of accelerators, found \"1e20\"");
}

TEST(TraceRows, DlrmRequestsBeyondAnyMachineAreRefused) {
  const std::string header = "instance_sn,role,app_name,cpu_request,cpu_limit,gpu_request,gpu_limit,rdma_request,rdma_limit,"
                             "memory_request,memory_limit,disk_request,disk_limit,max_instance_per_node,creation_time,"
                             "scheduled_time,deletion_time\n";
  const std::string path = temporary_trace("dlrm_huge.csv", header + "i,HN,a,12,12,1e300,1e300,25,25,1,1,1,1,8,,,\n" +
                                                                 "j,HN,a,1e300,1e300,1,1,25,25,1,1,1,1,8,,,\n");
  DlrmInstanceReader reader(path, kSkip);
  DlrmInstance d;
  EXPECT_FALSE(reader.next(d));
  ASSERT_EQ(reader.stats().skipped, 2u);
  EXPECT_EQ(reader.stats().first_problems[0].str(), path + ":2:14: gpu_request: expected at most 1e+06 GPUs, found \"1e300\"");
  EXPECT_EQ(reader.stats().first_problems[1].str(), path + ":3:8: cpu_request: expected at most 1e+12 CPUs, found \"1e300\"");
}

// Found by fuzzing (azure_llm_fuzz): the year 0223 overflowed the nanoseconds since 1970.
TEST(TraceRows, AzureTimeOutsideTheNanosecondRangeIsABadTime) {
  const std::string path = temporary_trace("azure_year.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                                             "0223-11-16 18:17:03.9799600,4808,10\n");
  EXPECT_EQ(error_of([&] {
              AzureLlmReader r(path);
              LlmRequest request;
              while (r.next(request)) {
              }
            }),
            path + ":2:1: TIMESTAMP: expected a time such as \"2023-11-16 18:17:03.9799600\", found \"0223-11-16 18:17:03.9799600\"");
}

// Jobs are replayed in file order: a submit time before the previous row's is refused at that
// row, naming both times and the earlier row's line (or skipped and counted); equal times are fine.
TEST(GenericTrace, SubmitTimesThatGoBackwardsAreRefusedAtTheRow) {
  const std::string path = temporary_trace("backwards.csv", "job_id,submit_min,runtime_min,gpus,cores,mem_gb,share\n"
                                                             "a,5,1,1,1,1,1000\nb,5,1,1,1,1,1000\nc,2.5,1,1,1,1,1000\nd,6,1,1,1,1,1000\n");
  EXPECT_EQ(error_of([&] {
              GenericTraceReader reader(path, generic_mapping());
              TraceJob job;
              while (reader.next(job)) {
              }
            }),
            path + ":4:3: submit_min: expected a time at or after the previous row's 5 (line 3), found \"2.5\": rows are replayed in "
                   "file order, so the trace must be sorted by this column");
  GenericTraceReader skipping(path, generic_mapping(), kSkip);
  std::vector<double> arrivals;
  TraceJob job;
  while (skipping.next(job)) arrivals.push_back(job.arrival_s);
  EXPECT_EQ(arrivals, (std::vector<double>{300, 300, 360}));
  EXPECT_EQ(skipping.stats().skipped, 1u);
}

}  // namespace
}  // namespace dcsim
