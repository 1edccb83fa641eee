//! A short link's QR code, for print: SVG for the page and for designers, PNG for everything
//! else. Error correction M (about 15% of the code may be lost and it still reads), and the
//! standard quiet zone of 4 modules around it, without which many readers fail.

use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

/// Pixels a module in the PNG: a 25-module code is 264 px square with its quiet zone.
const PNG_MODULE_PIXELS: usize = 8;
const QUIET_ZONE_MODULES: usize = 4;

fn code(text: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(Error::internal)
}

pub fn svg(text: &str) -> Result<String> {
    Ok(code(text)?
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(240, 240)
        .build())
}

/// An 8-bit greyscale PNG, black modules on white.
pub fn png(text: &str) -> Result<Vec<u8>> {
    let code = code(text)?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE_MODULES) * PNG_MODULE_PIXELS;
    let mut pixels = vec![0xFF_u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (x, y) = (
            index % modules + QUIET_ZONE_MODULES,
            index / modules + QUIET_ZONE_MODULES,
        );
        for row in y * PNG_MODULE_PIXELS..(y + 1) * PNG_MODULE_PIXELS {
            let start = row * side + x * PNG_MODULE_PIXELS;
            pixels[start..start + PNG_MODULE_PIXELS].fill(0);
        }
    }
    let mut out = Vec::new();
    let side = u32::try_from(side).map_err(Error::internal)?;
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(Error::internal)?;
    writer.write_image_data(&pixels).map_err(Error::internal)?;
    writer.finish().map_err(Error::internal)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_images_are_made_with_a_quiet_zone() {
        let url = "https://snip.example/alice/docs/";
        let svg = svg(url).unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
        let png = png(url).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!(info.width, info.height);
        // Version 3 (29 modules) at level M for this length, 4 modules of margin a side.
        assert_eq!(info.width as usize, (29 + 8) * PNG_MODULE_PIXELS);
    }
}
