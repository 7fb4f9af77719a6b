//! The main window's size and place: fitted to the screen's usable area on
//! first start (a 1366×768 laptop has less than the 1280×800 asked for),
//! then where and as large as the person left it (`setting::WINDOW`).
//! Done by hand: tauri-plugin-window-state is not among the crates this
//! project builds against.

use tauri::{Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow};

use crate::models::setting;
use crate::state::ShellState;

/// A rectangle in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// The size asked for, in logical pixels.
const PREFERRED: (f64, f64) = (1280.0, 800.0);
/// Room kept for the title bar and the window's frame, in logical pixels.
const FRAME: f64 = 40.0;
/// How much of a remembered window must lie on the screen to be used.
const VISIBLE: i32 = 120;

impl Rect {
    /// "x,y,width,height", as stored in the settings.
    pub fn to_setting(self) -> String {
        format!("{},{},{},{}", self.x, self.y, self.width, self.height)
    }

    pub fn parse(text: &str) -> Option<Rect> {
        let mut it = text.split(',').map(str::trim);
        let r = Rect {
            x: it.next()?.parse().ok()?,
            y: it.next()?.parse().ok()?,
            width: it.next()?.parse().ok()?,
            height: it.next()?.parse().ok()?,
        };
        (it.next().is_none() && r.width > 0 && r.height > 0).then_some(r)
    }
}

/// Where the window goes on a screen whose usable area is `work` (scale
/// factor `scale`): the remembered place when it is on that screen (made no
/// larger than it), else the preferred size fitted into it, centred.
pub fn placement(saved: Option<&str>, work: Rect, scale: f64) -> Rect {
    let frame = (FRAME * scale).round() as u32;
    let max_w = work.width;
    let max_h = work.height.saturating_sub(frame).max(1);
    if let Some(r) = saved.and_then(Rect::parse) {
        let width = r.width.min(max_w);
        let height = r.height.min(max_h);
        let right = work.x + work.width as i32;
        let bottom = work.y + work.height as i32;
        let on_screen = r.x + VISIBLE <= right
            && r.x + width as i32 >= work.x + VISIBLE
            && r.y >= work.y
            && r.y + VISIBLE <= bottom;
        if on_screen {
            let x = r.x.min(right - width as i32).max(work.x);
            let y = r.y.min(bottom - (height + frame) as i32).max(work.y);
            return Rect {
                x,
                y,
                width,
                height,
            };
        }
    }
    let width = ((PREFERRED.0 * scale).round() as u32).min(max_w);
    let height = ((PREFERRED.1 * scale).round() as u32).min(max_h);
    Rect {
        x: work.x + (work.width.saturating_sub(width) / 2) as i32,
        y: work.y + (work.height.saturating_sub(height + frame) / 2) as i32,
        width,
        height,
    }
}

/// Sizes and places the window before it is first shown.
pub fn restore<R: Runtime>(w: &WebviewWindow<R>) {
    let Some(monitor) = w
        .current_monitor()
        .ok()
        .flatten()
        .or_else(|| w.primary_monitor().ok().flatten())
    else {
        return;
    };
    let area = monitor.work_area();
    let work = Rect {
        x: area.position.x,
        y: area.position.y,
        width: area.size.width,
        height: area.size.height,
    };
    let shell = w.app_handle().state::<ShellState>();
    let saved = shell
        .db
        .with(shell.clock.now(), |store| store.setting(setting::WINDOW))
        .ok()
        .flatten();
    let r = placement(saved.as_deref(), work, monitor.scale_factor());
    let _ = w.set_size(PhysicalSize::new(r.width, r.height));
    let _ = w.set_position(PhysicalPosition::new(r.x, r.y));
}

/// Remembers the window's place and size once it has stopped moving (moves
/// and resizes come in bursts: the last of a burst is saved, 400 ms after
/// it), and at once when it closes. Saving as the window moves, not only on
/// close, keeps the place even when the session ends without a close request.
pub fn remember<R: Runtime>(w: &tauri::Window<R>, now: bool) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let mine = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    if now {
        save(w);
        return;
    }
    let w = w.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(400));
        if GENERATION.load(Ordering::SeqCst) == mine {
            save(&w);
        }
    });
}

/// Saves the place and size (not when maximised, minimised or hidden: the
/// next start should not open that way by surprise).
fn save<R: Runtime>(w: &tauri::Window<R>) {
    if w.is_maximized().unwrap_or(false)
        || w.is_minimized().unwrap_or(false)
        || !w.is_visible().unwrap_or(false)
    {
        return;
    }
    let (Ok(pos), Ok(size)) = (w.outer_position(), w.inner_size()) else {
        return;
    };
    let r = Rect {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
    };
    let shell = w.app_handle().state::<ShellState>();
    let _ = shell.db.with(shell.clock.now(), |store| {
        store.set_setting(setting::WINDOW, &r.to_setting())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1366×768 laptop with a 40 px panel.
    const LAPTOP: Rect = Rect {
        x: 0,
        y: 0,
        width: 1366,
        height: 728,
    };

    #[test]
    fn the_first_window_fits_a_1366x768_laptop() {
        let r = placement(None, LAPTOP, 1.0);
        assert!(r.width <= 1366 && r.height + 40 <= 728, "{r:?}");
        assert_eq!((r.width, r.height), (1280, 688));
        assert!(r.x >= 0 && r.y >= 0);
        // A large screen gets the preferred size, centred.
        let big = placement(
            None,
            Rect {
                x: 0,
                y: 0,
                width: 1920,
                height: 1040,
            },
            1.0,
        );
        assert_eq!((big.width, big.height, big.x), (1280, 800, 320));
    }

    #[test]
    fn a_remembered_window_comes_back_where_it_was_but_never_off_screen() {
        let saved = Rect {
            x: 30,
            y: 20,
            width: 1100,
            height: 650,
        };
        assert_eq!(placement(Some(&saved.to_setting()), LAPTOP, 1.0), saved);
        // Left on a second screen that is gone: centred on this one.
        let gone = Rect {
            x: 2500,
            y: 100,
            width: 1100,
            height: 650,
        }
        .to_setting();
        let r = placement(Some(&gone), LAPTOP, 1.0);
        assert!(r.x >= 0 && r.x + r.width as i32 <= 1366, "{r:?}");
        // Larger than this screen: made to fit.
        let huge = Rect {
            x: 0,
            y: 0,
            width: 1900,
            height: 1000,
        }
        .to_setting();
        let r = placement(Some(&huge), LAPTOP, 1.0);
        assert!(r.width <= 1366 && r.height + 40 <= 728, "{r:?}");
        // Garbage in the setting: the default.
        assert_eq!(
            placement(Some("abc"), LAPTOP, 1.0),
            placement(None, LAPTOP, 1.0)
        );
    }
}
