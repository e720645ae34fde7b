# dcsim_set_warnings(target): the project's warning set (and sanitizers when asked), applied to its
# own targets only.
function(dcsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(DCSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(DCSIM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    # A static library passes the runtime on: whoever links it (an installed tree's
    # consumer too) must link the sanitizers.
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "STATIC_LIBRARY")
      target_link_options(${target} PUBLIC -fsanitize=address,undefined)
    else()
      target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
  endif()
  if(DCSIM_FUZZ)  # coverage for libFuzzer; the fuzz targets link -fsanitize=fuzzer (tests/fuzz/)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
