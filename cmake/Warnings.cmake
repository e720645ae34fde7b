# dcsim_set_warnings(target): the project's warning set, applied to its own targets only.
function(dcsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(DCSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(DCSIM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
