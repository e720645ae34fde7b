# DCSIM_COMMIT: which commit this build comes from (`git describe --always --dirty`), recorded
# at configure time for `dcsim --version` and summary.json; "unknown" outside a git checkout.
# Only the source tree's own repository counts: a release tarball unpacked inside some other
# checkout must not claim that checkout's commit.
set(DCSIM_COMMIT unknown)
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE dcsim_git_top RESULT_VARIABLE dcsim_git_status
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  file(REAL_PATH "${PROJECT_SOURCE_DIR}" dcsim_source_real)
  if(dcsim_git_status EQUAL 0)
    file(REAL_PATH "${dcsim_git_top}" dcsim_git_top)
  endif()
  if(dcsim_git_status EQUAL 0 AND dcsim_git_top STREQUAL dcsim_source_real)
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE dcsim_describe RESULT_VARIABLE dcsim_git_status
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(dcsim_git_status EQUAL 0 AND NOT dcsim_describe STREQUAL "")
      set(DCSIM_COMMIT ${dcsim_describe})
    endif()
    # Configure again when a commit moves the branch, so the recorded commit follows it.
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --symbolic-full-name HEAD
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE dcsim_branch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    foreach(ref HEAD ${dcsim_branch})
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${ref}
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE dcsim_ref_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(EXISTS "${dcsim_ref_file}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${dcsim_ref_file}")
      endif()
    endforeach()
  endif()
endif()
message(STATUS "dcsim ${PROJECT_VERSION}, commit ${DCSIM_COMMIT}")
