import SkillHubCore
import SkillKit

extension OCRSkill {
    /// `ocr` with one capability, `recognize`. Every configuration key is listed in `default_config`
    /// (secrets empty) so a host that fills keys from environment variables finds them all.
    static let descriptor = SkillDescriptor(
        name: "ocr",
        version: "1.0.0",
        description: "Text lines or words with boxes and confidences from an image: Tesseract in process, or PaddleOCR or Volcengine OCR",
        capabilities: [
            .init(
                name: "recognize",
                description: "recognises the text in an image given as base64 or fetched from an http(s) URL",
                category: "vision",
                parameters: recognizeSchema
            ),
        ],
        services: ["http"],
        defaultConfig: [
            "ocr_type": "tesseract",
            "ocr_pool_size": 2,
            "ocr_max_bytes": 20_971_520,
            "ocr_max_pixels": 40_000_000,
            "ocr_languages": "eng+chi_sim",
            "ocr_tessdata_dir": "",
            "ocr_http_timeout_ms": 15_000,
            "paddleocr_ocr_api_url": "",
            "paddleocr_ocr_token": "",
            "ve_ocr_ak": "",
            "ve_ocr_sk": "",
            "ve_ocr_endpoint": "https://visual.volcengineapi.com",
            "ve_ocr_region": "cn-north-1",
        ]
    )

    /// JSON Schema of `recognize`'s input.
    static let recognizeSchema: JSONValue = [
        "type": "object",
        "properties": [
            "image": ["type": "string", "description": "the image (PNG, JPEG, TIFF, BMP, GIF or WebP) in base64; a data: URL prefix is allowed"],
            "url": ["type": "string", "format": "uri", "description": "an http(s) URL to fetch the image from"],
            "languages": ["type": "string", "pattern": "^[A-Za-z0-9_-]+(\\+[A-Za-z0-9_-]+)*$", "description": "Tesseract languages joined by '+'; default eng+chi_sim (ocr_languages)"],
            "psm": ["type": "integer", "minimum": 0, "maximum": 13, "description": "Tesseract page segmentation mode; default 3 (automatic)"],
            "level": ["type": "string", "enum": ["line", "word"], "description": "granularity of items; default line"],
        ],
        "oneOf": [["required": ["image"]], ["required": ["url"]]],
        "additionalProperties": false,
    ]
}
