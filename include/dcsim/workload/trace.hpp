#pragma once
// Workload traces: readers of published cluster traces (streamed, row by row, with
// file:line:column diagnostics for bad rows) and the format-independent TraceJob.
//   trace/csv.hpp               CSV tokenizer and row reader, OnBadRow, TraceReadStats
//   trace/trace_job.hpp         TraceJob, GenericTraceMapping, GenericTraceReader
//   trace/alibaba_gpu_v2023.hpp Alibaba openb node and pod lists (FGD, ATC'23)
//   trace/alibaba_dlrm_v2025.hpp Alibaba DLRM inference instances (NSDI'25)
//   trace/azure_llm_2023.hpp    Azure LLM inference requests (Splitwise, ISCA'24), TokenDemand
//   trace/philly_runtime.hpp    Philly job run times (an empirical duration sample)
// Copies of the traces, with their terms, are under scenarios/traces/.
#include "dcsim/workload/trace/alibaba_dlrm_v2025.hpp"
#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"
#include "dcsim/workload/trace/azure_llm_2023.hpp"
#include "dcsim/workload/trace/csv.hpp"
#include "dcsim/workload/trace/philly_runtime.hpp"
#include "dcsim/workload/trace/trace_job.hpp"
