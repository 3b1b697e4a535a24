# mk/oom.mk - tests/test_oom.c is linked with the allocation functions
# wrapped (ld --wrap), so that it can refuse the k-th allocation that
# libnines.a makes and check what the library does then. An explicit rule:
# it takes precedence over the generic test rule of the Makefile.

OOM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=aligned_alloc

$(BUILD)/tests/test_oom: $(BUILD)/tests/test_oom.o $(LIBNINES)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(NINES_CFLAGS) -o $@ $< $(LIBNINES) $(OOM_WRAP) $(NINES_LIBS) $(CMOCKA_LIBS)
