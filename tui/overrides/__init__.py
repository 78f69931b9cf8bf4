"""Where the reader overrides or leans on Textual's private APIs (and one of Rich's), one module each, so a Textual
upgrade is reviewed here and nowhere else. These modules import only Textual, Rich and the standard library.

Each module's docstring states its rule and the tests that pin it, and its `RELIES_ON` maps every Textual (or Rich)
name it relies on to a fingerprint of that source; tests/test_overrides.py fails, naming the module, when an upgrade
changes one (test_textual_still_has_what_an_override_relies_on). To add an override: a module here with its
docstring and `RELIES_ON`, and an entry below (test_every_override_is_listed_and_says_what_it_relies_on).

- `escape_input.py`: the Linux and web drivers' input loops, redone to tick the parser before feeding it, so a lone
  Esc goes as Escape once ESCDELAY has passed, whatever key follows. Private: `textual._xterm_parser.XTermParser`,
  `textual._parser.ParseError`, `Driver._debug`, `WebDriver._input_reader`, `WebDriver._on_meta`,
  `textual.drivers.web_driver._ExitInput`, `textual.drivers._byte_stream.ByteStream`.
  Tests: test_esc_then_a_key_a_moment_later_are_two_keys, test_esc_then_tab_closes_the_palette_and_then_moves_focus,
  test_esc_then_tab_in_a_browser_closes_the_palette_and_then_moves_focus.
- `input_bound.py`: `Driver.send_message` replaced, to skip input past a bound so a flood can neither exhaust
  memory nor leave the reader behind; mixes in escape_input's loops. Private: none of its own.
  Tests: test_textual_drivers_still_send_parsed_input_through_send_message,
  test_a_flood_never_queues_more_than_the_limit, test_a_burst_of_300_keys_is_typed_whole.
- `parsed_css.py`: a stylesheet's parse cache swapped for a view on parses shared across apps and starts, so CSS is
  parsed once per source and theme. Private: `Stylesheet._parse_cache`, `Stylesheet._variables`.
  Tests: test_a_second_app_parses_no_css_and_looks_the_same, test_each_theme_keeps_parses_of_its_own,
  test_parses_are_the_same_objects_every_app_gets, test_a_stylesheet_has_the_private_cache_and_variables.
- `crash_line.py`: `App._fatal_error` and `App._print_error_renderables` replaced, so a crash prints one plain line
  and no traceback (whose locals would reach an SSH or web client). Private: those two, `App._exception`,
  `MessagePump._close_messages_no_wait`. Tests: test_a_crash_is_one_line_and_the_traceback_goes_to_a_file,
  test_an_app_keeps_its_first_error_where_crash_line_reads_it.
- `colour_depth.py`: the console's colour depth set from the options after Textual made the console. Private:
  Rich's `Console._color_system`, which Textual's `Strip.render` reads. Tests: test_colour_depth_reaches_the_console,
  test_a_console_s_colour_depth_is_what_strips_use.
- `terminal_size.py`: a resize to a size that is not the terminal's is followed by the terminal's, since the Linux
  driver's SIGWINCH handler can post two sizes out of order. Private: none; relies on the handler's order.
  Tests: test_a_stale_window_size_is_followed_by_the_terminal_s.
- `starting_theme.py`: the app's first theme set as `App._watch_theme` would set it, without the refresh that parses
  every source again. Private: none called; mirrors `App._watch_theme`.
  Tests: test_the_reader_s_theme_is_set_as_a_theme_change_would_set_it.
- `keys_in_order.py`: `KeysInOrder`, mixed into the search box and the find prompt, runs an Input's own bindings as
  their key arrives, and `own_bindings` lets the reading pane start link hints so, since Textual runs bindings only
  once the key has bubbled up to the app, after letters read behind it. Private: `Input._on_key`,
  `DOMNode._bindings`. Tests: test_editing_keys_keep_their_order_when_typed_in_one_burst,
  test_editing_keys_in_the_prompt_keep_their_order_in_one_burst, test_f_and_a_label_in_one_burst_follow_the_link.
- `first_paint.py`: `FirstPaintOnce`, mixed into the reader's screen: its first resume restyles nothing and paints
  once, and a resize to the size it has lays nothing out. Private: `Screen._on_screen_resume`, `Screen._on_resize`;
  reads `Screen.stack_updates`. Tests: test_a_start_styles_every_widget_once_and_paints_the_whole_screen_once.
- `focus_paint.py`: `FocusRepaintsNothing`, the reader's screen's `focused` without Screen's repaint of every cell;
  the widgets whose focus changed restyle and repaint themselves. Private: none named; relies on `Screen.set_focus`.
  Tests: test_switching_panes_restyles_only_the_panes_whose_focus_changed, test_a_focus_move_repaints_no_screen.
- `virtual_size.py`: `ExtentLaysNothingOut`, the search box's and the results list's `virtual_size` without the
  layout Widget declares it with, as both scroll by it themselves. Private: none named; relies on
  `Input._watch_value` and `OptionList._update_lines`. Tests: test_each_answer_is_one_frame_and_lays_nothing_out,
  test_a_query_wider_than_the_box_scrolls_with_the_cursor.
- `width_keyed.py`: `KeepLinesWhenOnlyHeightChanges` skips the tree's and the results list's resize handlers unless
  the width changed, and `draw_lines_again` redraws the tree's lines when a scrollbar changes its room. Private:
  `Tree._on_resize` and `OptionList._on_resize` (skipped), `Tree._invalidate`. Tests:
  test_only_a_new_width_drops_the_lines, test_the_tree_and_the_results_list_keep_their_lines,
  test_labels_are_cut_again_when_a_scrollbar_takes_room.
- `sub_title.py`: `SubTitleRepaintsOnlyTheHeader`, the app's `sub_title` (the breadcrumb) without App's repaint
  of every widget; the header watches it and redraws its line. Private: `Header._on_mount`, which sets that watch.
  Tests: test_opening_an_item_repaints_the_header_and_the_page_not_the_whole_screen.

No module of `tui` outside this package names a private Textual (or Rich) attribute, imports a private module, or
redeclares a reactive Textual declares (test_only_the_overrides_use_textual_s_private_names,
test_only_the_overrides_redeclare_textual_s_reactives).
"""
